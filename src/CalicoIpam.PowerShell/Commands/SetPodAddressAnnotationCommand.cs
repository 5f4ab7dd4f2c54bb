using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CalicoIpam.Core.Cni;
using CalicoIpam.PowerShell.Completion;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>
/// Set-PodAddressAnnotation: sets cni.projectcalico.org/ipAddrs, the addresses a pod asks
/// Calico IPAM for (AssignIP). On a deployment's template it rolls out; on a pod it takes effect
/// when the pod is recreated.
/// </summary>
[Cmdlet(VerbsCommon.Set, "PodAddressAnnotation", SupportsShouldProcess = true, DefaultParameterSetName = OnDeployment)]
[OutputType(typeof(Core.Clusters.Deployment), typeof(Core.Clusters.Pod))]
public sealed class SetPodAddressAnnotationCommand : ClusterChangeCmdlet
{
    private const string OnDeployment = nameof(OnDeployment);
    private const string OnPod = nameof(OnPod);

    /// <summary>At most one IPv4 and one IPv6 address; an empty list removes the annotation.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [AllowEmptyCollection]
    public string[] Address { get; set; } = new string[0];

    /// <summary>Deployments whose pod template gets the annotation.</summary>
    [Parameter(Mandatory = true, ParameterSetName = OnDeployment)]
    [ArgumentCompleter(typeof(DeploymentNameCompleter))]
    public string[] Deployment { get; set; } = new string[0];

    /// <summary>Pods that get the annotation.</summary>
    [Parameter(Mandatory = true, ParameterSetName = OnPod)]
    [ArgumentCompleter(typeof(PodNameCompleter))]
    public string[] Pod { get; set; } = new string[0];

    /// <summary>The namespace of the deployments or pods (default: default).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string[] Namespace { get; set; } = new[] { "default" };

    /// <summary>Returns each changed object.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        string? value = Address.Length == 0 ? null : "[" + string.Join(",", Address.Select(a => "\"" + a + "\"")) + "]";
        var changes = new Dictionary<string, string?> { [CniNames.IpAddrsAnnotation] = value };
        AnnotationTargets.Apply(this, TargetCluster, ParameterSetName, Deployment, Namespace, Pod, changes, PassThru);
    }
}

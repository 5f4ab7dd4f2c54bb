using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Cni;
using CalicoIpam.PowerShell.Completion;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>
/// Set-PodPoolAnnotation: sets cni.projectcalico.org/ipv4pools (or ipv6pools) to the given
/// pools. On a deployment it changes the pod template, which rolls out; on a namespace it applies
/// to pods created later; on a pod it changes nothing until the pod is recreated.
/// </summary>
[Cmdlet(VerbsCommon.Set, "PodPoolAnnotation", SupportsShouldProcess = true, DefaultParameterSetName = OnNamespace)]
[OutputType(typeof(Deployment), typeof(Namespace), typeof(Pod))]
public sealed class SetPodPoolAnnotationCommand : ClusterChangeCmdlet
{
    private const string OnDeployment = nameof(OnDeployment);
    private const string OnNamespace = nameof(OnNamespace);
    private const string OnPod = nameof(OnPod);

    /// <summary>Pool names or CIDRs, in the order IPAM should try them; an empty list removes the annotation.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [AllowEmptyCollection]
    [ArgumentCompleter(typeof(IpPoolNameCompleter))]
    public string[] Pool { get; set; } = new string[0];

    /// <summary>Deployments whose pod template gets the annotation.</summary>
    [Parameter(Mandatory = true, ParameterSetName = OnDeployment)]
    [ArgumentCompleter(typeof(DeploymentNameCompleter))]
    public string[] Deployment { get; set; } = new string[0];

    /// <summary>Namespaces that get the annotation (with -Deployment or -Pod: their namespace, default 'default').</summary>
    [Parameter(Mandatory = true, ParameterSetName = OnNamespace)]
    [Parameter(ParameterSetName = OnDeployment)]
    [Parameter(ParameterSetName = OnPod)]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string[] Namespace { get; set; } = new[] { "default" };

    /// <summary>Pods that get the annotation.</summary>
    [Parameter(Mandatory = true, ParameterSetName = OnPod)]
    [ArgumentCompleter(typeof(PodNameCompleter))]
    public string[] Pod { get; set; } = new string[0];

    /// <summary>4 (ipv4pools, the default) or 6 (ipv6pools).</summary>
    [Parameter]
    [ValidateSet("4", "6")]
    public string IpVersion { get; set; } = "4";

    /// <summary>Returns each changed object.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var key = IpVersion == "6" ? CniNames.Ipv6PoolsAnnotation : CniNames.Ipv4PoolsAnnotation;
        // Go's json.Marshal of a []string, as kubectl annotate users write it: ["a","b"].
        string? value = Pool.Length == 0 ? null : "[" + string.Join(",", Pool.Select(p => "\"" + p.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"")) + "]";
        var changes = new Dictionary<string, string?> { [key] = value };
        AnnotationTargets.Apply(this, TargetCluster, ParameterSetName, Deployment, Namespace, Pod, changes, PassThru);
    }
}

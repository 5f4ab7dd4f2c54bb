using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.PowerShell.Completion;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Remove-Pod: kubectl delete pod. The CNI plugin releases the pod's addresses.</summary>
[Cmdlet(VerbsCommon.Remove, "Pod", SupportsShouldProcess = true, DefaultParameterSetName = ByName)]
[OutputType(typeof(void))]
public sealed class RemovePodCommand : ClusterChangeCmdlet
{
    private const string ByName = nameof(ByName);
    private const string ByObject = nameof(ByObject);

    /// <summary>Pod names; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PodNameCompleter))]
    public string[] Name { get; set; } = new string[0];

    /// <summary>The pods' namespace (default: default).</summary>
    [Parameter(ParameterSetName = ByName, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string Namespace { get; set; } = "default";

    /// <summary>Pods from Get-Pod.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByObject, ValueFromPipeline = true)]
    public Pod[] InputObject { get; set; } = new Pod[0];

    protected override void ProcessRecord()
    {
        var targets = new List<(Pod Pod, Cluster Cluster)>();
        if (ParameterSetName == ByName)
        {
            var cluster = TargetCluster;
            targets.AddRange(SelectByName(cluster.GetPods(Namespace), p => p.Name, Name, ErrorRecords.PodNotFound).Select(p => (p, cluster)));
        }
        else
        {
            targets.AddRange(InputObject.Select(p => (p, p.Cluster ?? TargetCluster)));
        }
        foreach (var (pod, cluster) in targets)
        {
            if (ShouldProcess($"Pod '{pod.Namespace}/{pod.Name}'", "Remove"))
            {
                TryChange(pod.Name, () => cluster.DeletePod(pod.Namespace, pod.Name));
            }
        }
    }
}

using System.Collections.Generic;
using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Dataplane;
using CalicoIpam.PowerShell.Completion;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>
/// Get-PodRoute: <c>ip route</c> inside a pod (<c>kubectl exec &lt;pod&gt; -- ip route</c>):
/// <c>default via 169.254.1.1 dev eth0</c> and <c>169.254.1.1 dev eth0 scope link</c>, the
/// routes Calico's CNI plugin sets up. A pod with no network yet (Pending, ContainerCreating)
/// has none. Takes pods from the pipeline (their Name and Namespace).
/// </summary>
[Cmdlet(VerbsCommon.Get, "PodRoute")]
[OutputType(typeof(NodeRoute))]
public sealed class GetPodRouteCommand : ClusterReadCmdlet
{
    /// <summary>Pod names; wildcards allowed. Every pod when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PodNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only this namespace (all namespaces when omitted).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string? Namespace { get; set; }

    protected override void ProcessRecord()
    {
        var cluster = TargetCluster;
        foreach (var pod in Resolve(cluster))
        {
            IReadOnlyList<NodeRoute> routes = System.Array.Empty<NodeRoute>();
            if (TryChange(pod.Name, () => routes = cluster.GetPodRoutes(pod.Namespace, pod.Name)))
            {
                foreach (var route in routes)
                {
                    WriteObject(route);
                }
            }
        }
    }

    // A piped pod (exact name and namespace) is looked up directly; otherwise Get-Pod's matching.
    private IEnumerable<Pod> Resolve(Cluster cluster)
    {
        if (Name is { Length: 1 } && Namespace is not null && !WildcardPattern.ContainsWildcardCharacters(Name[0])
            && cluster.FindPod(Namespace, Name[0]) is { } pod)
        {
            return new[] { pod };
        }
        return SelectByName(cluster.GetPods(Namespace), p => p.Name, Name, ErrorRecords.PodNotFound);
    }
}

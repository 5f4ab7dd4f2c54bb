using System.Linq;
using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.PowerShell.Completion;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Get-Pod: kubectl get pods -o wide, in namespace and name order (all namespaces
/// unless -Namespace is given).</summary>
[Cmdlet(VerbsCommon.Get, "Pod")]
[OutputType(typeof(Pod))]
public sealed class GetPodCommand : ClusterReadCmdlet
{
    /// <summary>Pod names; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PodNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only this namespace.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string? Namespace { get; set; }

    /// <summary>Only pods on these nodes; wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(NodeNameCompleter))]
    public string[]? Node { get; set; }

    protected override void ProcessRecord()
    {
        var nodes = Node?.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToArray();
        var pods = TargetCluster.GetPods(Namespace)
            .Where(p => nodes is null || nodes.Any(n => n.IsMatch(p.Node)))
            .ToArray();
        foreach (var pod in SelectByName(pods, p => p.Name, Name, ErrorRecords.PodNotFound))
        {
            WriteObject(pod);
        }
    }
}

using System.Linq;
using System.Management.Automation;
using CalicoIpam.Core.Ipam;
using CalicoIpam.PowerShell.Completion;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Get-BlockAffinity: kubectl get blockaffinities.crd.projectcalico.org, in name order.</summary>
[Cmdlet(VerbsCommon.Get, "BlockAffinity")]
[OutputType(typeof(BlockAffinity))]
public sealed class GetBlockAffinityCommand : ClusterReadCmdlet
{
    /// <summary>Only these nodes' affinities; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(NodeNameCompleter))]
    public string[]? Node { get; set; }

    protected override void ProcessRecord()
    {
        var patterns = Node?.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToArray();
        foreach (var affinity in TargetCluster.GetBlockAffinities())
        {
            if (patterns is null || patterns.Any(p => p.IsMatch(affinity.Node)))
            {
                WriteObject(affinity);
            }
        }
    }
}

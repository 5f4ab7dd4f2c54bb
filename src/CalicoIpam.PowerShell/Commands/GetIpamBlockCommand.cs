using System.Linq;
using System.Management.Automation;
using CalicoIpam.Core.Ipam;
using CalicoIpam.PowerShell.Completion;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Get-IpamBlock: kubectl get ipamblocks.crd.projectcalico.org, in name order.</summary>
[Cmdlet(VerbsCommon.Get, "IpamBlock")]
[OutputType(typeof(IpamBlock))]
public sealed class GetIpamBlockCommand : ClusterReadCmdlet
{
    /// <summary>Only blocks affine to these nodes; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(NodeNameCompleter))]
    public string[]? Node { get; set; }

    /// <summary>Only blocks in these pools; wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(IpPoolNameCompleter))]
    public string[]? Pool { get; set; }

    protected override void ProcessRecord()
    {
        var nodes = Patterns(Node);
        var pools = Patterns(Pool);
        foreach (var block in TargetCluster.GetBlocks())
        {
            if ((nodes is null || nodes.Any(p => p.IsMatch(block.Affinity))) && (pools is null || pools.Any(p => p.IsMatch(block.Pool))))
            {
                WriteObject(block);
            }
        }
    }

    private static WildcardPattern[]? Patterns(string[]? values) =>
        values?.Select(v => WildcardPattern.Get(v, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToArray();
}

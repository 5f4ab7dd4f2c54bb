using System.Management.Automation;
using CalicoIpam.Core.Ipam;
using CalicoIpam.PowerShell.Completion;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Split-IpPool: calicoctl ipam split. The pool becomes N equal pools named
/// split-&lt;name&gt;-&lt;i&gt;; its blocks and affinities carry over. Emits the new pools.</summary>
[Cmdlet(VerbsCommon.Split, "IpPool", SupportsShouldProcess = true)]
[OutputType(typeof(IpPool))]
public sealed class SplitIpPoolCommand : ClusterChangeCmdlet
{
    /// <summary>The pool to split.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(IpPoolNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>How many pools to make: a power of two other than 1.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public int Count { get; set; }

    protected override void ProcessRecord()
    {
        var cluster = TargetCluster;
        if (!ShouldProcess($"IPPool '{Name}'", $"Split into {Count} pools"))
        {
            return;
        }
        System.Collections.Generic.IReadOnlyList<IpPool>? created = null;
        if (!TryChange(Name, () => created = cluster.SplitPool(Name, Count)))
        {
            return;
        }
        // calicoctl's report, for -Verbose.
        WriteVerbose($"IP Pool {Name} was successfully split into {Count} smaller pools.");
        foreach (var pool in created!)
        {
            WriteVerbose($"Created {pool.Name} with CIDR {pool.Cidr}.");
            WriteObject(pool);
        }
    }
}

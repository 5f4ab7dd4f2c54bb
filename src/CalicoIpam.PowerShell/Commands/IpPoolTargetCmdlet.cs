using System.Management.Automation;
using CalicoIpam.Core.Ipam;
using CalicoIpam.PowerShell.Completion;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>
/// The base of commands that act on existing pools and take nothing but the pools:
/// Remove-IpPool, Enable-IpPool, Disable-IpPool.
/// </summary>
public abstract class IpPoolTargetCmdlet : ClusterChangeCmdlet
{
    /// <summary>The pools to act on; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PoolSets.ByName, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(IpPoolNameCompleter))]
    public string[] Name { get; set; } = new string[0];

    /// <summary>Pools from Get-IpPool.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PoolSets.ByObject, ValueFromPipeline = true)]
    public IpPool[] InputObject { get; set; } = new IpPool[0];

    /// <summary>The pools named by this call, as their clusters hold them now.</summary>
    protected System.Collections.Generic.IEnumerable<IpPool> ResolvePools() =>
        ResolvePools(ParameterSetName == PoolSets.ByName ? Name : null, InputObject);

    /// <summary>Enable-IpPool and Disable-IpPool: one ShouldProcess and one update per pool.</summary>
    protected void SetDisabled(bool disabled, string action, bool passThru)
    {
        foreach (var pool in ResolvePools())
        {
            if (!ShouldProcess($"IPPool '{pool.Name}' ({pool.Cidr})", action))
            {
                continue;
            }
            IpPool? updated = null;
            var cluster = pool.Cluster ?? TargetCluster;
            if (TryChange(pool.Name, () => updated = cluster.UpdatePool(pool.Name, s => s with { Disabled = disabled })) && passThru)
            {
                WriteObject(updated);
            }
        }
    }
}

/// <summary>Parameter set names of the pool commands.</summary>
internal static class PoolSets
{
    public const string ByName = nameof(ByName);
    public const string ByObject = nameof(ByObject);
}

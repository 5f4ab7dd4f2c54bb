using System.Management.Automation;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Remove-IpPool: calicoctl delete ippool. Addresses already given out stay with
/// their pods; the pool gives no more.</summary>
[Cmdlet(VerbsCommon.Remove, "IpPool", SupportsShouldProcess = true, DefaultParameterSetName = PoolSets.ByName)]
[OutputType(typeof(void))]
public sealed class RemoveIpPoolCommand : IpPoolTargetCmdlet
{
    protected override void ProcessRecord()
    {
        foreach (var pool in ResolvePools())
        {
            if (ShouldProcess($"IPPool '{pool.Name}' ({pool.Cidr})", "Remove"))
            {
                var cluster = pool.Cluster ?? TargetCluster;
                TryChange(pool.Name, () => cluster.DeletePool(pool.Name));
            }
        }
    }
}

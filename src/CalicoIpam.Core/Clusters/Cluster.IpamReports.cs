using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Clusters;

/// <summary>Read-only IPAM reports: calicoctl ipam show and ipam check.</summary>
public sealed partial class Cluster
{
    /// <summary>calicoctl ipam show [--show-blocks]: one row per pool in name order (disabled ones
    /// too), each block counted under the first pool it overlaps; blocks no pool holds are listed
    /// (with <paramref name="showBlocks"/>) as "orphaned allocation blocks", with no pool row.</summary>
    public IReadOnlyList<IpamUtilization> GetUtilization(bool showBlocks)
    {
        lock (_gate)
        {
            var pools = PoolList();
            var blocksByPool = pools.ToDictionary(p => p.Name, _ => new List<AllocationBlock>());
            var orphaned = new List<AllocationBlock>();
            foreach (var block in _ipam.BlocksInNameOrder())
            {
                var pool = pools.FirstOrDefault(p => p.Network.Overlaps(block.Cidr));
                (pool is null ? orphaned : blocksByPool[pool.Name]).Add(block);
            }
            var rows = new List<IpamUtilization>();
            foreach (var pool in pools)
            {
                var blocks = blocksByPool[pool.Name];
                rows.Add(Row("IP Pool", pool.Cidr, pool.Name, pool.Network.Size, blocks.Sum(b => b.InUse)));
                if (showBlocks)
                {
                    rows.AddRange(blocks.Select(b => Row("Block", b.Cidr.ToString(), pool.Name, b.Capacity, b.InUse)));
                }
            }
            if (showBlocks)
            {
                rows.AddRange(orphaned.Select(b => Row("Block", b.Cidr.ToString(), "", b.Capacity, b.InUse)));
            }
            return rows;
        }
    }

    private IpamUtilization Row(string grouping, string cidr, string pool, BigInteger total, BigInteger inUse) =>
        new() { Grouping = grouping, Cidr = cidr, Pool = pool, Total = total, InUse = inUse, Cluster = this };

    /// <summary>calicoctl ipam check plus the simulator's invariants.</summary>
    public IpamCheckReport CheckIpam()
    {
        lock (_gate)
        {
            var users = new List<AddressUser>();
            foreach (var pod in _pods.Values)
            {
                foreach (var ip in pod.IPs)
                {
                    users.Add(new AddressUser(ip, $"Workload({pod.Namespace}/{pod.Name})", pod.Handle));
                }
            }
            foreach (var node in _nodes.Values)
            {
                foreach (var kind in TunnelKinds)
                {
                    var address = kind.Address(node);
                    if (address.Length > 0)
                    {
                        users.Add(new AddressUser(IpAddress.Parse(address), $"Node({node.Name})", kind.HandlePrefix + node.Name));
                    }
                }
            }
            return IpamChecker.Check(_ipam, PoolList(), users, _nodes.Keys) with { Cluster = this };
        }
    }
}

using System;
using System.Collections.Generic;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Benchmarks;

/// <summary>
/// IPAM at Kubernetes' limits (DESIGN §7): 150,000 pods on 5,000 nodes in a /12 with /26
/// blocks, beside a plain bitmap allocator handing out the same number of addresses; and the
/// cost of claiming a block when the pool is 10% against 95% claimed.
/// </summary>
internal static class AllocationBenchmarks
{
    private const int Nodes = 5_000;
    private const int Pods = 150_000;
    private static readonly Cidr PoolCidr = Cidr.Parse("10.0.0.0/12");

    public static void Run()
    {
        var pool = IpPoolValidator.ValidateCreate("pool", new IpPoolSpec { Cidr = PoolCidr.ToString(), BlockSize = 26 }, Array.Empty<IpPool>());
        var nodes = new Dictionary<string, Node>();
        for (var i = 0; i < Nodes; i++)
        {
            var name = $"node-{i}";
            nodes[name] = new Node { Name = name, Address = Cidr.Parse("192.168.0.1/16"), Labels = Labels.ForNode(name, NodeRole.Worker, null) };
        }

        // Engine: one auto-assign per pod, pods spread round-robin over the nodes.
        var autoAssign = Harness.NanosecondsPerOperation(Pods, () =>
        {
            var state = new IpamState();
            var context = new IpamContext(new[] { pool }, n => nodes.TryGetValue(n, out var node) ? node : null, SimulatedClock.Epoch);
            for (var i = 0; i < Pods; i++)
            {
                var host = "node-" + (i % Nodes);
                AutoAssigner.AutoAssign(state, context, new AutoAssignRequest { Host = host, Count = 1, IPv6 = false, HandleId = "h" + i });
            }
        });

        // Baseline: a bitmap over the pool's addresses, first free bit from a moving cursor.
        var bitmap = Harness.NanosecondsPerOperation(Pods, () =>
        {
            var words = new ulong[(1 << 20) / 64];
            var cursor = 0;
            for (var i = 0; i < Pods; i++)
            {
                while (words[cursor >> 6] == ulong.MaxValue)
                {
                    cursor = (cursor + 64) & ((1 << 20) - 1) & ~63;
                }
                var word = words[cursor >> 6];
                var bit = 0;
                while ((word & (1UL << bit)) != 0)
                {
                    bit++;
                }
                words[cursor >> 6] = word | (1UL << bit);
            }
        });
        Harness.Report($"auto-assign, {Pods:N0} pods on {Nodes:N0} nodes", autoAssign, "bitmap allocator", bitmap);

        // Claim cost as the pool fills: the walk skips claimed blocks through the pool's bitmap.
        var at10 = ClaimCost(pool, fill: 0.10);
        var at95 = ClaimCost(pool, fill: 0.95);
        Harness.Report("claim a block, pool 95% claimed", at95, "same at 10% claimed", at10);
    }

    private static double ClaimCost(IpPool pool, double fill)
    {
        const int claims = 400;
        var blocks = 1 << (pool.BlockSize - pool.Network.PrefixLength);
        var prefilled = (int)(blocks * fill);
        IpamState? state = null;
        IpamContext? context = null;
        var round = 0;
        return Harness.NanosecondsPerOperation(claims, () =>
        {
            for (var i = 0; i < claims; i++)
            {
                AutoAssigner.AutoAssign(state!, context!, new AutoAssignRequest { Host = $"new-{round}-{i}", Count = 1, IPv6 = false });
            }
            round++;
        }, setup: () =>
        {
            state = new IpamState();
            context = new IpamContext(new[] { pool }, n => new Node { Name = n, Address = Cidr.Parse("192.168.0.1/16") }, SimulatedClock.Epoch);
            for (var i = 0; i < prefilled; i++)
            {
                AutoAssigner.AutoAssign(state, context, new AutoAssignRequest { Host = "fill-" + i, Count = 1, IPv6 = false });
            }
        });
    }
}

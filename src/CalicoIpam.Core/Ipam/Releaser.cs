using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Ipam;

/// <summary>
/// Giving addresses and blocks back (calico-ipam.md §5): ReleaseIPs, ReleaseByHandle, and the
/// affinity releases behind pool deletion and node removal.
/// </summary>
internal static class Releaser
{
    /// <summary>ReleaseIPs of one address (no handle or sequence check, as calicoctl ipam release
    /// does). Returns false when the address was not allocated.</summary>
    public static bool ReleaseIp(IpamState state, IpamContext context, IpAddress address)
    {
        var block = FindBlockFor(state, context, address);
        if (block is null)
        {
            return false;
        }
        var attribute = block.Release(block.OrdinalOf(address));
        if (attribute is null)
        {
            return false;
        }
        AfterRelease(state, context, block, attribute.HandleId is null ? null : new Dictionary<string, int> { [attribute.HandleId] = 1 });
        return true;
    }

    /// <summary>ReleaseByHandle: every address the handle holds, block by block. Returns how
    /// many were released (0 when the handle does not exist, which CNI DEL treats as success).</summary>
    public static int ReleaseByHandle(IpamState state, IpamContext context, string handleId)
    {
        var handle = state.FindHandle(handleId);
        if (handle is null)
        {
            return 0;
        }
        var released = 0;
        foreach (var cidr in handle.Keys.ToList())
        {
            var block = state.FindBlock(cidr);
            if (block is null)
            {
                state.DecrementHandle(handleId, cidr, handle[cidr]);
                continue;
            }
            var ordinals = block.ReleaseByHandle(handleId);
            released += ordinals.Count;
            AfterRelease(state, context, block, new Dictionary<string, int> { [handleId] = ordinals.Count });
        }
        return released;
    }

    // After a block write: delete an empty orphaned block, else write it; decrement handles;
    // then ensureConsistentAffinity (an empty block whose pool no longer selects its node goes).
    private static void AfterRelease(IpamState state, IpamContext context, AllocationBlock block, Dictionary<string, int>? handles)
    {
        if (block.IsEmpty && block.AffinityHost is null)
        {
            state.DeleteBlock(block);
        }
        else
        {
            state.Written(block);
        }
        if (handles is not null)
        {
            foreach (var pair in handles)
            {
                state.DecrementHandle(pair.Key, block.Cidr, pair.Value);
            }
        }
        if (block.AffinityHost is { } host && block.IsEmpty && state.FindBlock(block.Cidr) is not null)
        {
            var node = context.FindNode(host);
            // ensureConsistentAffinity looks the block's pool up among the enabled pools only.
            var pool = context.Pools.FirstOrDefault(p => !p.Disabled && p.Network.Contains(block.Cidr.Network));
            // A removed node's block that held borrowed addresses goes once empty (kube-controllers'
            // cleanupNode retries on every sync); so does one whose pool no longer selects its node.
            if (node is null || (pool is not null && !AutoAssigner.SelectsNode(pool, node)))
            {
                state.ReleaseAffinity(block, requireEmpty: true);
            }
        }
    }

    /// <summary>
    /// The block an address lives in: through every pool (enabled or not), else, for an address
    /// no pool holds any more, a search of all blocks (Calico's getBlockForIP does the same).
    /// </summary>
    public static AllocationBlock? FindBlockFor(IpamState state, IpamContext context, IpAddress address)
    {
        var pool = context.Pools.FirstOrDefault(p => p.Network.Contains(address));
        if (pool is not null)
        {
            return state.FindBlock(new Cidr(address, pool.BlockSize).Masked);
        }
        return state.Blocks.FirstOrDefault(b => b.Cidr.Contains(address));
    }

    /// <summary>ReleasePoolAffinities: every affine block in the pool loses its affinity; empty
    /// ones are deleted, the rest stay as orphaned blocks holding their addresses.</summary>
    public static void ReleasePoolAffinities(IpamState state, IpPool pool)
    {
        var index = state.IndexFor(pool);
        var blocks = index.Existing.InWalk(0, present: true).Select(i => state.FindBlock(index.BlockAt(i))).ToList();
        foreach (var block in blocks)
        {
            if (block?.AffinityHost is not null)
            {
                state.ReleaseAffinity(block, requireEmpty: false);
            }
        }
    }

    /// <summary>ReleaseHostAffinities(mustBeEmpty): a removed node's blocks; with
    /// <paramref name="requireEmpty"/> blocks still holding addresses keep their affinity.</summary>
    public static void ReleaseHostAffinities(IpamState state, string host, bool requireEmpty)
    {
        foreach (var block in state.AffineBlocks(host, ipv6: false).Concat(state.AffineBlocks(host, ipv6: true)).ToList())
        {
            state.ReleaseAffinity(block, requireEmpty);
        }
    }
}

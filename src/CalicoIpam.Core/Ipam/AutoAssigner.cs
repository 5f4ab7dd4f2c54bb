using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Ipam;

/// <summary>
/// Calico's ipamClient.autoAssign (libcalico-go/lib/ipam/ipam.go; calico-ipam.md §2): choose
/// the candidate pools, use the node's affine blocks first, claim the first unclaimed block of
/// the node's random walk, and borrow from other blocks unless strict affinity is on.
/// </summary>
internal static class AutoAssigner
{
    public static IpamAssignments AutoAssign(IpamState state, IpamContext context, AutoAssignRequest request)
    {
        var node = context.FindNode(request.Host)
            ?? throw new IpamException(IpamError.UnknownNode,
                $"resource does not exist: Node({request.Host}) with error: nodes \"{request.Host}\" not found");
        var pools = PrepareAffinityBlocks(state, context, request, node, out var affineBlocks);

        var config = state.Config;
        var maxBlocks = config.EffectiveMaxBlocksPerHost(request.MaxBlocksPerHost);
        var numBlocksOwned = affineBlocks.Count;
        var result = new IpamAssignments(request.IPv6 ? 6 : 4, request.Count);
        var attribute = new AllocationAttribute(request.HandleId, request.Attributes);
        var remaining = new Queue<AllocationBlock>(affineBlocks);
        var reservations = state.Reservations;

        // Affine phase: the node's own blocks, then new claims.
        while (result.Ips.Count < request.Count)
        {
            var wanted = request.Count - result.Ips.Count;
            var allowNewClaim = numBlocksOwned < maxBlocks;
            var block = FindAffineBlock(remaining, reservations);
            if (block is null)
            {
                if (!allowNewClaim)
                {
                    result.AddMessage($"Need to allocate an IPAM block but could not - limit of {maxBlocks} blocks reached for this node");
                    throw new IpamException(IpamError.BlockLimit, "cannot allocate new block due to per host block limit");
                }
                if (!config.AutoAllocateBlocks)
                {
                    throw new IpamException(IpamError.NoBlock, "failed to find or claim a block");
                }
                var unclaimed = FindUnclaimedBlock(state, context, pools, request.Host);
                if (unclaimed is null)
                {
                    if (config.StrictAffinity)
                    {
                        result.AddMessage("No more free affine blocks and strict affinity enabled");
                    }
                    break;
                }
                block = state.ClaimBlock(unclaimed.Value, request.Host, context.Now);
                numBlocksOwned++;
                var free = block.NumFreeAddresses(reservations);
                if (free < 1)
                {
                    throw new IpamException(IpamError.NoBlock,
                        $"Block '{block.Cidr}' has {free} free ips which is less than 1 ips required.");
                }
            }
            Assign(state, block, wanted, attribute, request.HandleId, result);
        }

        // Borrow phase: any existing block of the candidate pools, in the same walk order.
        if (!config.StrictAffinity && result.Ips.Count < request.Count)
        {
            var exhausted = new List<string>();
            foreach (var pool in pools)
            {
                if (!Borrow(state, context, pool, request, attribute, result))
                {
                    exhausted.Add(pool.Cidr);
                }
                if (result.Ips.Count == request.Count)
                {
                    break;
                }
            }
            if (exhausted.Count > 0)
            {
                result.AddMessage("No IPs available in pools: [" + string.Join(" ", exhausted) + "]");
            }
        }
        return result;
    }

    // prepareAffinityBlocksForHost + determinePools + filterPoolsByUse (calico-ipam.md §2.2).
    private static IReadOnlyList<IpPool> PrepareAffinityBlocks(IpamState state, IpamContext context, AutoAssignRequest request,
        Node node, out List<AllocationBlock> allowedAffineBlocks)
    {
        var enabled = context.Pools.Where(p => !p.Disabled && p.IsIPv6 == request.IPv6).ToList();
        if (enabled.Count == 0)
        {
            throw new IpamException(IpamError.NoQualifiedPool, "cannot find a qualified ippool");
        }

        List<IpPool> selecting;
        if (request.RequestedPools.Count > 0)
        {
            // Requested pools are used unconditionally, in request order: no selector, no
            // assignmentMode, as long as each is enabled.
            selecting = new List<IpPool>();
            foreach (var requested in request.RequestedPools)
            {
                var network = requested.Masked;
                selecting.Add(enabled.FirstOrDefault(p => p.Network == network)
                    ?? throw new IpamException(IpamError.PoolNotEnabled, $"the given pool ({network}) does not exist, or is not enabled"));
            }
        }
        else
        {
            selecting = enabled.Where(p => p.AssignmentMode == AssignmentMode.Automatic && SelectsNode(p, node)).ToList();
        }
        if (selecting.Count == 0)
        {
            throw new IpamException(IpamError.NoPoolForNode, $"no configured Calico pools for node {node.Name}");
        }
        var allowed = selecting.Where(p => p.AllowedUses.Contains(request.Use)).ToList();
        if (allowed.Count == 0)
        {
            throw new IpamException(IpamError.NoQualifiedPool,
                $"cannot find a qualified ippool, no pools match the required use ({request.Use})");
        }

        allowedAffineBlocks = new List<AllocationBlock>();
        foreach (var block in state.AffineBlocks(node.Name, request.IPv6))
        {
            if (allowed.Any(p => p.Network.Contains(block.Cidr.Network)))
            {
                allowedAffineBlocks.Add(block);
                continue;
            }
            if (selecting.Any(p => p.Network.Contains(block.Cidr.Network)))
            {
                continue; // its pool still selects the node; only the use differs
            }
            // The block's pool no longer selects this node: give the block back if it is empty.
            var pool = enabled.FirstOrDefault(p => p.Network.Contains(block.Cidr.Network));
            if (pool is not null && !SelectsNode(pool, node))
            {
                state.ReleaseAffinity(block, requireEmpty: true);
            }
        }
        return allowed;
    }

    public static bool SelectsNode(IpPool pool, Node node) => pool.ParsedNodeSelector.Evaluate(node.Labels);

    // findOrClaimBlock's first half: pop affine blocks until one has a free (unreserved) address.
    private static AllocationBlock? FindAffineBlock(Queue<AllocationBlock> remaining, ReservationSet reservations)
    {
        while (remaining.Count > 0)
        {
            var block = remaining.Dequeue();
            if (reservations.CoversWhole(block.Cidr))
            {
                continue;
            }
            if (block.NumFreeAddresses(reservations) >= 1)
            {
                return block;
            }
        }
        return null;
    }

    // findUsableBlock: in pool order, the first block of the node's walk that does not exist
    // and is not wholly reserved. (v3.32 also reclaims other nodes' empty blocks here; this
    // simulator follows v3.29-v3.31, which do not.)
    private static Cidr? FindUnclaimedBlock(IpamState state, IpamContext context, IReadOnlyList<IpPool> pools, string host)
    {
        foreach (var pool in pools)
        {
            var index = state.IndexFor(pool);
            var start = state.WalkStart(pool, host, context.Now);
            foreach (var candidate in index.Existing.InWalk(start, present: false))
            {
                var cidr = index.BlockAt(candidate);
                if (!state.Reservations.CoversWhole(cidr))
                {
                    return cidr;
                }
            }
        }
        return null;
    }

    // The non-affine hunt through one pool; false when the walk ran out (the pool is exhausted).
    private static bool Borrow(IpamState state, IpamContext context, IpPool pool, AutoAssignRequest request,
        AllocationAttribute attribute, IpamAssignments result)
    {
        var index = state.IndexFor(pool);
        var start = state.WalkStart(pool, request.Host, context.Now);
        // The walk reads the live index, so blocks filled on the way drop out of it.
        foreach (var candidate in index.WithFree.InWalk(start, present: true))
        {
            var block = state.FindBlock(index.BlockAt(candidate));
            if (block is null || state.Reservations.CoversWhole(block.Cidr))
            {
                continue;
            }
            Assign(state, block, request.Count - result.Ips.Count, attribute, request.HandleId, result);
            if (result.Ips.Count == request.Count)
            {
                return true;
            }
        }
        return false;
    }

    // assignFromExistingBlock: take addresses, count them against the handle, write the block.
    // Calico increments the handle by the number asked of the block, not the number it gave
    // (calico-ipam.md §1.4); requests here ask for one address at a time, where the two agree.
    private static void Assign(IpamState state, AllocationBlock block, int wanted, AllocationAttribute attribute,
        string? handleId, IpamAssignments result)
    {
        var ordinals = block.AutoAssign(wanted, attribute, state.Reservations);
        if (ordinals.Count == 0)
        {
            return;
        }
        if (handleId is not null)
        {
            state.IncrementHandle(handleId, block.Cidr, wanted);
        }
        state.Written(block);
        foreach (var ordinal in ordinals)
        {
            result.Ips.Add(new Cidr(block.AddressOf(ordinal), block.Cidr.PrefixLength));
        }
    }
}

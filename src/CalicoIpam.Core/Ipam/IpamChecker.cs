using System;
using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Ipam;

/// <summary>Something in the cluster that uses an address: a pod or a node's tunnel.</summary>
internal sealed record AddressUser(IpAddress Ip, string Description, string Handle);

/// <summary>
/// calicoctl ipam check (calico-ipam.md §8.2) and the invariants the simulator keeps: every
/// ordinal free or allocated exactly once, handle counts equal to allocations, affinities and
/// indexes in step with the blocks.
/// </summary>
internal static class IpamChecker
{
    public static IpamCheckReport Check(IpamState state, IReadOnlyList<IpPool> pools, IReadOnlyList<AddressUser> users,
        ICollection<string> nodeNames)
    {
        var problems = new List<string>();
        var activePools = pools.Where(p => !p.Disabled).ToList();

        // Who uses each address; an address used twice is a problem of its own.
        var usersByIp = new Dictionary<IpAddress, AddressUser>();
        foreach (var user in users)
        {
            if (usersByIp.TryGetValue(user.Ip, out var other))
            {
                problems.Add($"{user.Ip} has multiple owners.");
                continue;
            }
            usersByIp.Add(user.Ip, user);
        }

        var allocations = 0;
        var leaked = 0;
        var missingHandles = 0;
        var handleCounts = new Dictionary<string, Dictionary<Cidr, int>>(StringComparer.Ordinal);
        var allocated = new HashSet<IpAddress>();
        foreach (var block in state.BlocksInNameOrder())
        {
            CheckBlockStructure(state, block, nodeNames, problems);
            foreach (var (ordinal, attribute) in block.Allocations())
            {
                allocations++;
                var ip = block.AddressOf(ordinal);
                allocated.Add(ip);
                if (attribute.HandleId is { } handle)
                {
                    if (!handleCounts.TryGetValue(handle, out var perBlock))
                    {
                        handleCounts[handle] = perBlock = new Dictionary<Cidr, int>();
                    }
                    perBlock.TryGetValue(block.Cidr, out var n);
                    perBlock[block.Cidr] = n + 1;
                    if (state.FindHandle(handle) is null)
                    {
                        missingHandles++;
                        problems.Add($"{handle} is in use in a block but doesn't exist.");
                    }
                }
                if (!usersByIp.TryGetValue(ip, out var user) || (attribute.HandleId is not null && user.Handle != attribute.HandleId))
                {
                    leaked++;
                    problems.Add($"{ip} leaked; attrs Main:{attribute.HandleId ?? "<none>"} Extra:"
                        + string.Join(",", attribute.ActiveOwnerAttrs.Select(a => a.Key + "=" + a.Value)));
                }
            }
        }

        var notInPool = 0;
        var withoutAllocation = 0;
        foreach (var user in usersByIp.Values)
        {
            if (!activePools.Any(p => p.Network.Contains(user.Ip)))
            {
                notInPool++;
                problems.Add($"{user.Ip} in use by {user.Description} is not in any active IP pool.");
            }
            else if (!allocated.Contains(user.Ip))
            {
                withoutAllocation++;
                problems.Add($"{user.Ip} in use by {user.Description} and in active IPAM pool but has no IPAM allocation.");
            }
        }

        var leakedHandles = 0;
        foreach (var handle in state.Handles)
        {
            if (!handleCounts.TryGetValue(handle.Key, out var counted))
            {
                leakedHandles++;
                problems.Add($"{handle.Key} doesn't have any active IPs.");
                continue;
            }
            foreach (var perBlock in handle.Value)
            {
                counted.TryGetValue(perBlock.Key, out var actual);
                if (actual != perBlock.Value)
                {
                    problems.Add($"handle {handle.Key} counts {perBlock.Value} addresses in block {perBlock.Key} but the block holds {actual}.");
                }
            }
        }

        return new IpamCheckReport
        {
            BlockCount = state.BlockCount,
            AllocationCount = allocations,
            ActivePoolCount = activePools.Count,
            TunnelIpCount = users.Count(u => u.Description.StartsWith("Node(", StringComparison.Ordinal)),
            WorkloadIpCount = users.Count(u => u.Description.StartsWith("Workload(", StringComparison.Ordinal)),
            LeakedIpCount = leaked,
            InUseNotInPoolCount = notInPool,
            InUseWithoutAllocationCount = withoutAllocation,
            LeakedHandleCount = leakedHandles,
            MissingHandleCount = missingHandles,
            Problems = problems,
        };
    }

    // The simulator's own invariants for one block.
    private static void CheckBlockStructure(IpamState state, AllocationBlock block, ICollection<string> nodeNames, List<string> problems)
    {
        var seen = new bool[block.Capacity];
        var free = block.Unallocated.ToArray();
        foreach (var ordinal in free)
        {
            if (ordinal < 0 || ordinal >= block.Capacity || seen[ordinal])
            {
                problems.Add($"block {block.Cidr}: ordinal {ordinal} is free twice or out of range.");
                continue;
            }
            seen[ordinal] = true;
            if (block.IsAllocated(ordinal))
            {
                problems.Add($"block {block.Cidr}: ordinal {ordinal} is both free and allocated.");
            }
        }
        for (var ordinal = 0; ordinal < block.Capacity; ordinal++)
        {
            if (!seen[ordinal] && !block.IsAllocated(ordinal))
            {
                problems.Add($"block {block.Cidr}: ordinal {ordinal} is neither free nor allocated.");
            }
        }
        if (block.AffinityHost is { } host)
        {
            if (!state.AffineBlocks(host, block.Cidr.IsIPv6).Contains(block))
            {
                problems.Add($"block {block.Cidr} is affine to {host} but has no BlockAffinity.");
            }
        }
        else if (block.IsEmpty)
        {
            problems.Add($"block {block.Cidr} has no affinity and no addresses but was not deleted.");
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Ipam;

/// <summary>One allocated ordinal of a saved block: which attribute it points at, and the
/// block's sequence number when it was allocated (sequenceNumberForAllocation).</summary>
internal readonly record struct SavedAllocation(int Ordinal, int Attribute, ulong SequenceNumber);

/// <summary>A block as a state file holds it, already checked for consistency (every ordinal
/// free or allocated exactly once, every attribute used, no two attributes equal).</summary>
internal sealed record SavedBlock(
    Cidr Cidr,
    string? AffinityHost,
    DateTimeOffset? AffinityClaimTime,
    ulong SequenceNumber,
    IReadOnlyList<int> Unallocated,
    IReadOnlyList<AllocationAttribute> Attributes,
    IReadOnlyList<SavedAllocation> Allocations);

/// <summary>
/// Puts a saved block back into an <see cref="IpamState"/> through the state's own operations
/// (claim, assign, release of the affinity), so its affinity index and counters are kept as
/// they always are; then sets what those operations cannot choose: the free queue's order,
/// the sequence numbers and the claim time. Attributes come back at their saved indexes because
/// each attribute's first ordinal is assigned in index order (Calico's findOrAddAttribute
/// appends a new attribute at the end).
/// </summary>
internal static class BlockRestore
{
    public static AllocationBlock Restore(IpamState state, SavedBlock saved)
    {
        var block = state.ClaimBlock(saved.Cidr, saved.AffinityHost ?? "", saved.AffinityClaimTime ?? default);
        var byOrdinal = saved.Allocations.OrderBy(a => a.Ordinal).ToList();
        var first = new Dictionary<int, SavedAllocation>();
        foreach (var allocation in byOrdinal)
        {
            if (!first.ContainsKey(allocation.Attribute))
            {
                first.Add(allocation.Attribute, allocation);
            }
        }
        var order = Enumerable.Range(0, saved.Attributes.Count).Select(i => first[i])
            .Concat(byOrdinal.Where(a => first[a.Attribute].Ordinal != a.Ordinal));
        foreach (var allocation in order)
        {
            // Allocate records the sequence number the block has before the write.
            block.SequenceNumber = allocation.SequenceNumber;
            if (!block.Assign(allocation.Ordinal, saved.Attributes[allocation.Attribute]))
            {
                throw new InvalidOperationException($"block {saved.Cidr}: ordinal {allocation.Ordinal} could not be restored");
            }
        }
        if (saved.AffinityHost is null)
        {
            // Orphaned: a block that holds addresses and has no affinity (never empty).
            state.ReleaseAffinity(block, requireEmpty: false);
        }
        block.Unallocated.Load(saved.Unallocated);
        block.SequenceNumber = saved.SequenceNumber;
        block.AffinityClaimTime = saved.AffinityClaimTime;
        foreach (var allocation in saved.Allocations)
        {
            if (block.AttributeIndexOf(allocation.Ordinal) != allocation.Attribute
                || block.SequenceNumberForAllocation(allocation.Ordinal) != allocation.SequenceNumber)
            {
                throw new InvalidOperationException($"block {saved.Cidr}: ordinal {allocation.Ordinal} was not restored as saved");
            }
        }
        return block;
    }
}

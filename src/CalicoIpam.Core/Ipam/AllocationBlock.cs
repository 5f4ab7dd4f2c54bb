using System;
using System.Collections.Generic;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Ipam;

/// <summary>
/// An IPAM block as Calico stores it (model.AllocationBlock): one entry per address pointing at
/// an attribute, the FIFO queue of free ordinals, shared attributes, the owner's affinity and
/// the sequence numbers. Mutable and owned by <see cref="IpamState"/>, which serialises access;
/// callers outside the engine see <see cref="IpamBlock"/> snapshots.
/// </summary>
internal sealed class AllocationBlock
{
    private const int Free = -1;

    private readonly int[] _allocations;
    private readonly List<AllocationAttribute> _attributes = new();
    private readonly List<int> _attributeUses = new();
    private readonly Dictionary<int, ulong> _sequenceForAllocation = new();

    /// <summary>Calico's newBlock: every ordinal free, in order; the sequence number starts at
    /// the creation time in nanoseconds.</summary>
    public AllocationBlock(Cidr cidr, ulong sequenceNumber)
    {
        Cidr = cidr;
        Capacity = 1 << (cidr.BitLength - cidr.PrefixLength);
        _allocations = new int[Capacity];
        for (var i = 0; i < Capacity; i++)
        {
            _allocations[i] = Free;
        }
        Unallocated = new OrdinalQueue(Capacity);
        SequenceNumber = sequenceNumber;
    }

    public Cidr Cidr { get; }

    public int Capacity { get; }

    /// <summary>The node the block is affine to; null for an orphaned block.</summary>
    public string? AffinityHost { get; set; }

    /// <summary>spec.affinity as Calico writes it: "host:&lt;node&gt;", or null.</summary>
    public string? Affinity => AffinityHost is null ? null : "host:" + AffinityHost;

    public DateTimeOffset? AffinityClaimTime { get; set; }

    public OrdinalQueue Unallocated { get; }

    public ulong SequenceNumber { get; set; }

    public int InUse => Capacity - Unallocated.Count;

    /// <summary>No address allocated (Calico's empty(); no Windows-reserved addresses here).</summary>
    public bool IsEmpty => Unallocated.Count == Capacity;

    public IReadOnlyList<AllocationAttribute> Attributes => _attributes;

    public IpAddress AddressOf(int ordinal) => Cidr.Network.Add((ulong)ordinal);

    public int OrdinalOf(IpAddress address) => (int)address.OffsetFrom(Cidr.Network);

    public bool IsAllocated(int ordinal) => _allocations[ordinal] != Free;

    /// <summary>The attribute of an allocated ordinal, else null.</summary>
    public AllocationAttribute? AttributeOf(int ordinal) =>
        _allocations[ordinal] == Free ? null : _attributes[_allocations[ordinal]];

    /// <summary>The attribute index of an allocated ordinal (what spec.allocations holds), or null.</summary>
    public int? AttributeIndexOf(int ordinal) => _allocations[ordinal] == Free ? null : _allocations[ordinal];

    public ulong? SequenceNumberForAllocation(int ordinal) =>
        _sequenceForAllocation.TryGetValue(ordinal, out var sequence) ? sequence : null;

    /// <summary>Free ordinals that no reservation covers (Calico's NumFreeAddresses).</summary>
    public int NumFreeAddresses(ReservationSet reservations)
    {
        if (reservations.IsEmpty)
        {
            return Unallocated.Count;
        }
        if (reservations.CoversWhole(Cidr))
        {
            return 0;
        }
        var free = 0;
        for (var i = 0; i < Unallocated.Count; i++)
        {
            if (!reservations.IsReserved(AddressOf(Unallocated[i])))
            {
                free++;
            }
        }
        return free;
    }

    /// <summary>
    /// Calico's allocationBlock.autoAssign: takes up to <paramref name="count"/> ordinals from the
    /// head of the queue, skipping reserved ones (which keep their place). The caller writes the
    /// block afterwards (<see cref="IpamState"/> bumps the sequence number).
    /// </summary>
    public List<int> AutoAssign(int count, AllocationAttribute attribute, ReservationSet reservations)
    {
        var positions = new List<int>(count);
        var taken = new List<int>(count);
        for (var i = 0; i < Unallocated.Count && taken.Count < count; i++)
        {
            var ordinal = Unallocated[i];
            if (!reservations.IsEmpty && reservations.IsReserved(AddressOf(ordinal)))
            {
                continue;
            }
            positions.Add(i);
            taken.Add(ordinal);
        }
        Unallocated.RemoveAt(positions);
        foreach (var ordinal in taken)
        {
            Allocate(ordinal, attribute);
        }
        return taken;
    }

    /// <summary>Calico's allocationBlock.assign of one address: false when it is already allocated.</summary>
    public bool Assign(int ordinal, AllocationAttribute attribute)
    {
        if (_allocations[ordinal] != Free || !Unallocated.Remove(ordinal))
        {
            return false;
        }
        Allocate(ordinal, attribute);
        return true;
    }

    /// <summary>Frees an ordinal: its entry is cleared and it joins the tail of the queue.
    /// Returns the attribute it had, or null when it was not allocated.</summary>
    public AllocationAttribute? Release(int ordinal)
    {
        var index = _allocations[ordinal];
        if (index == Free)
        {
            return null;
        }
        var attribute = _attributes[index];
        _allocations[ordinal] = Free;
        _sequenceForAllocation.Remove(ordinal);
        Unallocated.Enqueue(ordinal);
        DropAttributeUse(index);
        return attribute;
    }

    /// <summary>Frees every ordinal held by <paramref name="handleId"/>, in ascending order
    /// (Calico's releaseByHandle); returns them.</summary>
    public List<int> ReleaseByHandle(string handleId)
    {
        var released = new List<int>();
        for (var ordinal = 0; ordinal < Capacity; ordinal++)
        {
            var index = _allocations[ordinal];
            if (index != Free && _attributes[index].HandleId == handleId)
            {
                released.Add(ordinal);
            }
        }
        foreach (var ordinal in released)
        {
            Release(ordinal);
        }
        return released;
    }

    /// <summary>Allocated ordinals in ascending order with their attributes.</summary>
    public IEnumerable<(int Ordinal, AllocationAttribute Attribute)> Allocations()
    {
        for (var ordinal = 0; ordinal < Capacity; ordinal++)
        {
            if (_allocations[ordinal] != Free)
            {
                yield return (ordinal, _attributes[_allocations[ordinal]]);
            }
        }
    }

    private void Allocate(int ordinal, AllocationAttribute attribute)
    {
        _allocations[ordinal] = FindOrAddAttribute(attribute);
        // The value is the sequence number before this write increments it.
        _sequenceForAllocation[ordinal] = SequenceNumber;
    }

    private int FindOrAddAttribute(AllocationAttribute attribute)
    {
        for (var i = 0; i < _attributes.Count; i++)
        {
            if (_attributes[i].Equals(attribute))
            {
                _attributeUses[i]++;
                return i;
            }
        }
        _attributes.Add(attribute);
        _attributeUses.Add(1);
        return _attributes.Count - 1;
    }

    // Calico (<= v3.32) drops an attribute nobody references and renumbers the rest
    // (allocationBlock.deleteAttributes), so indexes stay dense.
    private void DropAttributeUse(int index)
    {
        if (--_attributeUses[index] > 0)
        {
            return;
        }
        _attributes.RemoveAt(index);
        _attributeUses.RemoveAt(index);
        for (var ordinal = 0; ordinal < Capacity; ordinal++)
        {
            if (_allocations[ordinal] > index)
            {
                _allocations[ordinal]--;
            }
        }
    }
}

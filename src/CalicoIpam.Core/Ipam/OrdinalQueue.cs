using System;
using System.Collections.Generic;

namespace CalicoIpam.Core.Ipam;

/// <summary>
/// A block's free ordinals in Calico's order (the block's <c>unallocated</c> list): allocation
/// takes from the head, release appends to the tail, so a freed address is reused last. A ring
/// buffer, so both ends are O(1); taking an ordinal from the middle (AssignIP) is O(n) as in Calico.
/// </summary>
internal sealed class OrdinalQueue
{
    private readonly int[] _ring;
    private int _head;

    /// <summary>A full queue 0, 1, ..., capacity-1 (Calico's newBlock).</summary>
    public OrdinalQueue(int capacity)
    {
        _ring = new int[capacity];
        for (var i = 0; i < capacity; i++)
        {
            _ring[i] = i;
        }
        Count = capacity;
    }

    public int Count { get; private set; }

    public int Capacity => _ring.Length;

    /// <summary>The ordinal at queue position <paramref name="index"/> (0 = head).</summary>
    public int this[int index] => _ring[(_head + index) % _ring.Length];

    public void Enqueue(int ordinal)
    {
        if (Count == _ring.Length)
        {
            throw new InvalidOperationException("The queue already holds every ordinal of the block.");
        }
        _ring[(_head + Count) % _ring.Length] = ordinal;
        Count++;
    }

    /// <summary>Removes the entries at the given ascending queue positions, keeping the order of the rest.</summary>
    public void RemoveAt(IReadOnlyList<int> ascendingPositions)
    {
        if (ascendingPositions.Count == 0)
        {
            return;
        }
        // Taking a prefix (the common case: no reservations in the way) just moves the head.
        var prefix = 0;
        while (prefix < ascendingPositions.Count && ascendingPositions[prefix] == prefix)
        {
            prefix++;
        }
        if (prefix == ascendingPositions.Count)
        {
            _head = (_head + prefix) % _ring.Length;
            Count -= prefix;
            return;
        }
        var kept = new List<int>(Count - ascendingPositions.Count);
        var next = 0;
        for (var i = 0; i < Count; i++)
        {
            if (next < ascendingPositions.Count && ascendingPositions[next] == i)
            {
                next++;
                continue;
            }
            kept.Add(this[i]);
        }
        _head = 0;
        Count = kept.Count;
        kept.CopyTo(_ring, 0);
    }

    /// <summary>Removes <paramref name="ordinal"/> wherever it stands; false when it is not free.</summary>
    public bool Remove(int ordinal)
    {
        for (var i = 0; i < Count; i++)
        {
            if (this[i] == ordinal)
            {
                RemoveAt(new[] { i });
                return true;
            }
        }
        return false;
    }

    /// <summary>The queue from head to tail.</summary>
    public int[] ToArray()
    {
        var result = new int[Count];
        for (var i = 0; i < Count; i++)
        {
            result[i] = this[i];
        }
        return result;
    }

    /// <summary>Replaces the content (used when a saved cluster is loaded).</summary>
    public void Load(IReadOnlyList<int> ordinals)
    {
        if (ordinals.Count > _ring.Length)
        {
            throw new ArgumentException("More free ordinals than the block holds.", nameof(ordinals));
        }
        _head = 0;
        Count = ordinals.Count;
        for (var i = 0; i < ordinals.Count; i++)
        {
            _ring[i] = ordinals[i];
        }
    }
}

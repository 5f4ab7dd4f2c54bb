using System;
using System.Collections.Generic;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Dataplane;

/// <summary>An address of a block that is not affine to the node holding it (libcalico-go
/// <c>AllocationBlock.NonAffineAllocations</c>): a borrowed address, or any address of an
/// orphaned block. <c>Host</c> is the allocation's <c>node</c> attribute.</summary>
internal readonly record struct NonAffineAllocation(IpAddress Address, string Host, string Namespace, string Pod, string Handle);

/// <summary>
/// What route computation needs of each block, kept between calls: the pool that holds it and
/// its non-affine allocations. An entry is reused while the block is the same object with the
/// same sequence number and affinity (every block write goes through <c>IpamState.Written</c>,
/// which moves the sequence number on) and the pool list is the same instance (the cluster
/// rebuilds it on every pool change). So a node's table costs one pass over the blocks'
/// entries, never a pass over every address of every block. Guarded by the cluster's lock.
/// </summary>
internal sealed class BlockRouteCache
{
    private readonly Dictionary<Cidr, Entry> _entries = new();
    private readonly Dictionary<IpAddress, string> _texts = new();

    /// <summary>An address as text, remembered: node addresses are printed once per route.</summary>
    public string Text(IpAddress address)
    {
        if (!_texts.TryGetValue(address, out var text))
        {
            if (_texts.Count >= 100_000)
            {
                _texts.Clear();
            }
            text = address.ToString();
            _texts.Add(address, text);
        }
        return text;
    }

    public Entry For(AllocationBlock block, IReadOnlyList<IpPool> pools)
    {
        if (!_entries.TryGetValue(block.Cidr, out var entry) || !entry.IsFor(block))
        {
            entry = new Entry(block);
            _entries[block.Cidr] = entry;
        }
        if (!ReferenceEquals(entry.Pools, pools))
        {
            entry.Pools = pools;
            entry.Pool = PoolHolding(pools, block.Cidr);
        }
        return entry;
    }

    /// <summary>Drops the entries of blocks that no longer exist, once they pile up.</summary>
    public void Prune(IpamState ipam)
    {
        if (_entries.Count <= 2 * ipam.BlockCount + 64)
        {
            return;
        }
        var stale = new List<Cidr>();
        foreach (var pair in _entries)
        {
            if (ipam.FindBlock(pair.Key) is not { } block || !pair.Value.IsFor(block))
            {
                stale.Add(pair.Key);
            }
        }
        foreach (var cidr in stale)
        {
            _entries.Remove(cidr);
        }
    }

    // Pools never overlap, so at most one holds the block.
    private static IpPool? PoolHolding(IReadOnlyList<IpPool> pools, Cidr block)
    {
        foreach (var pool in pools)
        {
            if (pool.Network.IsIPv6 == block.IsIPv6 && pool.Network.Contains(block.Network))
            {
                return pool;
            }
        }
        return null;
    }

    internal sealed class Entry
    {
        private readonly AllocationBlock _block;
        private readonly ulong _sequence;
        private readonly string? _host;

        public Entry(AllocationBlock block)
        {
            _block = block;
            _sequence = block.SequenceNumber;
            _host = block.AffinityHost;
            NonAffine = Collect(block);
        }

        /// <summary>The pool list <see cref="Pool"/> was found in.</summary>
        public IReadOnlyList<IpPool>? Pools { get; set; }

        /// <summary>The pool holding the block, or null when it was deleted (an orphaned block).</summary>
        public IpPool? Pool { get; set; }

        public IReadOnlyList<NonAffineAllocation> NonAffine { get; }

        public bool IsFor(AllocationBlock block) =>
            ReferenceEquals(block, _block) && block.SequenceNumber == _sequence && string.Equals(block.AffinityHost, _host, StringComparison.Ordinal);

        // NonAffineAllocations: every allocation whose node is not the block's affine host
        // (all of them when the block has no affinity).
        private static IReadOnlyList<NonAffineAllocation> Collect(AllocationBlock block)
        {
            List<NonAffineAllocation>? result = null;
            var host = block.AffinityHost;
            foreach (var (ordinal, attribute) in block.Allocations())
            {
                var node = attribute.Get("node") ?? "";
                if (host is not null && node == host)
                {
                    continue;
                }
                (result ??= new List<NonAffineAllocation>()).Add(new NonAffineAllocation(
                    block.AddressOf(ordinal), node, attribute.Get("namespace") ?? "", attribute.Get("pod") ?? "", attribute.HandleId ?? ""));
            }
            return result is null ? Array.Empty<NonAffineAllocation>() : result;
        }
    }
}

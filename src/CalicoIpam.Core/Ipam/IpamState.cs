using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Ipam;

/// <summary>
/// Everything Calico's IPAM keeps in the datastore (blocks, affinities, handles, the IPAM
/// configuration, reservations) plus the indexes that keep each operation cheap: blocks by
/// CIDR, each node's affine blocks in name order, and per-pool block bitmaps. Every mutation
/// goes through here so the indexes never drift. Not thread-safe: the cluster's lock guards it.
/// </summary>
internal sealed class IpamState
{
    private readonly Dictionary<Cidr, AllocationBlock> _blocks = new();
    private readonly Dictionary<string, SortedDictionary<string, AllocationBlock>> _affineByHost = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<Cidr, int>> _handles = new(StringComparer.Ordinal);
    private readonly Dictionary<(Cidr Network, int BlockSize), PoolBlockIndex> _poolIndexes = new();
    private readonly Dictionary<(string Host, int BlockBits), BigInteger> _walkStarts = new();
    private readonly SortedDictionary<string, IpReservation> _reservations = new(StringComparer.Ordinal);

    public IpamConfig Config { get; set; } = IpamConfig.Default;

    public ReservationSet Reservations { get; private set; } = ReservationSet.None;

    public IEnumerable<AllocationBlock> Blocks => _blocks.Values;

    public int BlockCount => _blocks.Count;

    public AllocationBlock? FindBlock(Cidr cidr) => _blocks.TryGetValue(cidr, out var block) ? block : null;

    /// <summary>Blocks in the datastore's list order (resource name).</summary>
    public IReadOnlyList<AllocationBlock> BlocksInNameOrder() =>
        _blocks.Values.OrderBy(b => BlockNames.ForBlock(b.Cidr), StringComparer.Ordinal).ToArray();

    /// <summary>A node's affine blocks of one IP version, in affinity-name order (getAffineBlocks).</summary>
    public IReadOnlyList<AllocationBlock> AffineBlocks(string host, bool ipv6) =>
        _affineByHost.TryGetValue(host, out var blocks)
            ? blocks.Values.Where(b => b.Cidr.IsIPv6 == ipv6).ToArray()
            : Array.Empty<AllocationBlock>();

    public IEnumerable<string> HostsWithAffinities => _affineByHost.Keys;

    // ---- blocks and affinities ----------------------------------------------------------

    /// <summary>Claims a new block for <paramref name="host"/> (pending affinity, block, confirmed
    /// affinity: one step here).</summary>
    public AllocationBlock ClaimBlock(Cidr cidr, string host, DateTimeOffset now)
    {
        if (_blocks.ContainsKey(cidr))
        {
            throw new InvalidOperationException($"{cidr} already claimed");
        }
        var block = new AllocationBlock(cidr, UnixNanoseconds(now))
        {
            AffinityHost = host,
            AffinityClaimTime = now,
        };
        _blocks.Add(cidr, block);
        AddAffinity(block);
        Track(block);
        return block;
    }

    /// <summary>
    /// releaseBlockAffinity: an empty block is deleted; a block that still holds addresses loses
    /// its affinity and stays, orphaned. With <paramref name="requireEmpty"/> a non-empty block is
    /// left alone and false is returned.
    /// </summary>
    public bool ReleaseAffinity(AllocationBlock block, bool requireEmpty)
    {
        if (block.AffinityHost is null || (requireEmpty && !block.IsEmpty))
        {
            return false;
        }
        RemoveAffinity(block);
        if (block.IsEmpty)
        {
            DeleteBlock(block);
        }
        else
        {
            block.AffinityHost = null;
            block.AffinityClaimTime = null;
            Written(block);
        }
        return true;
    }

    /// <summary>Deletes a block (Calico does so for an empty block with no affinity).</summary>
    public void DeleteBlock(AllocationBlock block)
    {
        if (block.AffinityHost is not null)
        {
            RemoveAffinity(block);
        }
        _blocks.Remove(block.Cidr);
        foreach (var index in IndexesHolding(block.Cidr))
        {
            index.Forget(block);
        }
    }

    /// <summary>A block was written: its sequence number moves on and the indexes follow it.</summary>
    public void Written(AllocationBlock block)
    {
        block.SequenceNumber++;
        Track(block);
    }

    private void AddAffinity(AllocationBlock block)
    {
        if (!_affineByHost.TryGetValue(block.AffinityHost!, out var blocks))
        {
            blocks = new SortedDictionary<string, AllocationBlock>(StringComparer.Ordinal);
            _affineByHost.Add(block.AffinityHost!, blocks);
        }
        blocks.Add(BlockNames.ForBlock(block.Cidr), block);
    }

    private void RemoveAffinity(AllocationBlock block)
    {
        if (_affineByHost.TryGetValue(block.AffinityHost!, out var blocks))
        {
            blocks.Remove(BlockNames.ForBlock(block.Cidr));
            if (blocks.Count == 0)
            {
                _affineByHost.Remove(block.AffinityHost!);
            }
        }
    }

    private void Track(AllocationBlock block)
    {
        foreach (var index in IndexesHolding(block.Cidr))
        {
            index.Track(block);
        }
    }

    // Pools are few (tens), blocks many: finding a block's pool index by pool is cheap.
    private IEnumerable<PoolBlockIndex> IndexesHolding(Cidr block)
    {
        foreach (var index in _poolIndexes.Values)
        {
            if (index.Holds(block))
            {
                yield return index;
            }
        }
    }

    // ---- pools --------------------------------------------------------------------------

    /// <summary>The block index of a pool, built from the existing blocks on first use.</summary>
    public PoolBlockIndex IndexFor(IpPool pool)
    {
        var key = (pool.Network, pool.BlockSize);
        if (!_poolIndexes.TryGetValue(key, out var index))
        {
            index = new PoolBlockIndex(pool.Network, pool.BlockSize);
            foreach (var block in _blocks.Values)
            {
                if (index.Holds(block.Cidr))
                {
                    index.Track(block);
                }
            }
            _poolIndexes.Add(key, index);
        }
        return index;
    }

    /// <summary>Drops a deleted pool's index; a later pool with the same CIDR rebuilds it.</summary>
    public void ForgetPool(IpPool pool) => _poolIndexes.Remove((pool.Network, pool.BlockSize));

    /// <summary>
    /// Where <paramref name="host"/>'s walk of <paramref name="pool"/>'s blocks starts. It depends
    /// only on the host name and the number of blocks, so it is computed once per pair; a /32
    /// (or /128) block size seeds from the clock as Calico does, so it is never cached.
    /// </summary>
    public BigInteger WalkStart(IpPool pool, string host, DateTimeOffset now)
    {
        var blockBits = pool.BlockSize - pool.Network.PrefixLength;
        var hostRoute = pool.BlockSize == pool.Network.BitLength;
        if (!hostRoute && _walkStarts.TryGetValue((host, blockBits), out var cached))
        {
            return cached;
        }
        var walk = new RandomBlockWalk(pool.Network.Network.ToBigInteger(), pool.Network.PrefixLength, pool.BlockSize,
            pool.IsIPv6, host, hostRoute ? (long)UnixNanoseconds(now) : null);
        if (!hostRoute)
        {
            _walkStarts[(host, blockBits)] = walk.StartIndex;
        }
        return walk.StartIndex;
    }

    // ---- handles ------------------------------------------------------------------------

    public void IncrementHandle(string handle, Cidr block, int count)
    {
        if (!_handles.TryGetValue(handle, out var blocks))
        {
            blocks = new Dictionary<Cidr, int>();
            _handles.Add(handle, blocks);
        }
        blocks.TryGetValue(block, out var current);
        blocks[block] = current + count;
    }

    /// <summary>decrementHandle: the handle goes when it holds nothing.</summary>
    public void DecrementHandle(string handle, Cidr block, int count)
    {
        if (!_handles.TryGetValue(handle, out var blocks) || !blocks.TryGetValue(block, out var current))
        {
            return;
        }
        if (current - count > 0)
        {
            blocks[block] = current - count;
        }
        else
        {
            blocks.Remove(block);
            if (blocks.Count == 0)
            {
                _handles.Remove(handle);
            }
        }
    }

    /// <summary>The blocks a handle holds addresses in, with counts; null when there is no such handle.</summary>
    public IReadOnlyDictionary<Cidr, int>? FindHandle(string handle) =>
        _handles.TryGetValue(handle, out var blocks) ? blocks : null;

    public IEnumerable<KeyValuePair<string, Dictionary<Cidr, int>>> Handles => _handles;

    // ---- reservations -------------------------------------------------------------------

    public IReadOnlyCollection<IpReservation> ReservationObjects => _reservations.Values;

    public IpReservation? FindReservation(string name) => _reservations.TryGetValue(name, out var r) ? r : null;

    public void PutReservation(IpReservation reservation)
    {
        _reservations[reservation.Name] = reservation;
        RebuildReservations();
    }

    public void RemoveReservation(string name)
    {
        _reservations.Remove(name);
        RebuildReservations();
    }

    // getReservedIPs: every reservation's CIDRs; a bare address is a /32 or /128; malformed
    // entries are ignored (Calico logs them).
    private void RebuildReservations()
    {
        var cidrs = new List<Cidr>();
        foreach (var reservation in _reservations.Values)
        {
            foreach (var text in reservation.ReservedCidrs)
            {
                if (IpReservationParser.TryParse(text, out var cidr))
                {
                    cidrs.Add(cidr);
                }
            }
        }
        Reservations = new ReservationSet(cidrs);
    }

    /// <summary>Go's time.UnixNano of a simulated time (the seed of a new block's sequence number).</summary>
    public static ulong UnixNanoseconds(DateTimeOffset time) =>
        (ulong)(time.UtcTicks - DateTimeOffset.FromUnixTimeSeconds(0).UtcTicks) * 100;
}

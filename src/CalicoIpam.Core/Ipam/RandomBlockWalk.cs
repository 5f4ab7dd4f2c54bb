using System;
using System.Collections.Generic;
using System.Numerics;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Ipam;

/// <summary>
/// The order in which Calico's <c>randomBlockGenerator</c> (libcalico-go/lib/ipam/
/// ipam_block_reader_writer.go) offers a pool's blocks to a host. The generator picks a start
/// index with Go's math/rand seeded from the host name, then walks the blocks in address order,
/// wrapping once around the pool. Calico builds a fresh generator for every search, so every
/// search starts again at <see cref="StartIndex"/>; this type is immutable for the same reason.
/// </summary>
/// <remarks>
/// Block index i means the block whose network is poolNetwork + i * 2^(bits - blockSize).
/// The walk is lazy and O(1) per step, so pools with 2^100 blocks cost nothing until walked.
/// </remarks>
public sealed class RandomBlockWalk
{
    private readonly BigInteger _blockStride;

    /// <summary>
    /// Builds the walk Calico would use. For host-route blocks (/32, /128) Calico seeds from the
    /// clock; this overload substitutes the host-name seed, see
    /// <see cref="RandomBlockWalk(BigInteger, int, int, bool, string, long?)"/>.
    /// </summary>
    public RandomBlockWalk(BigInteger poolNetwork, int poolPrefix, int blockSize, bool isIPv6, string hostname)
        : this(poolNetwork, poolPrefix, blockSize, isIPv6, hostname, hostRouteClockSeed: null)
    {
    }

    /// <param name="poolNetwork">The pool's network address (IPv4: 32-bit value; IPv6: 128-bit).
    /// Host bits are cleared, as Go's <c>net.ParseCIDR</c> does for the pool CIDR.</param>
    /// <param name="poolPrefix">The pool's prefix length.</param>
    /// <param name="blockSize">The pool's block prefix length.</param>
    /// <param name="isIPv6">Whether the pool is IPv6 (128-bit addresses).</param>
    /// <param name="hostname">The node name Calico hashes (the name in the block's <c>host:</c> affinity).</param>
    /// <param name="hostRouteClockSeed">
    /// Only used when blockSize equals the address width (/32 or /128). There Calico's
    /// <c>determineSeed</c> really does ignore the host name and returns
    /// <c>time.Now().UTC().UnixNano()</c>, so the start is different on every search. Pass the
    /// simulated clock's Unix time in nanoseconds to reproduce that. When null, the host-name seed
    /// is used instead: a deterministic substitute (Calico has no deterministic answer here),
    /// chosen so that simulations repeat.
    /// </param>
    public RandomBlockWalk(
        BigInteger poolNetwork,
        int poolPrefix,
        int blockSize,
        bool isIPv6,
        string hostname,
        long? hostRouteClockSeed)
    {
        if (hostname is null)
        {
            throw new ArgumentNullException(nameof(hostname));
        }
        int bits = isIPv6 ? 128 : 32;
        if (poolPrefix < 0 || poolPrefix > bits)
        {
            throw new ArgumentOutOfRangeException(nameof(poolPrefix), poolPrefix, $"must be 0..{bits}");
        }
        if (blockSize < 0 || blockSize > bits)
        {
            throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, $"must be 0..{bits}");
        }
        if (poolNetwork.Sign < 0 || poolNetwork >= BigInteger.One << bits)
        {
            throw new ArgumentOutOfRangeException(nameof(poolNetwork), poolNetwork, $"must fit in {bits} bits");
        }

        IsIPv6 = isIPv6;
        BlockSize = blockSize;
        BigInteger poolSpan = BigInteger.One << (bits - poolPrefix);
        PoolNetwork = poolNetwork - (poolNetwork % poolSpan);
        _blockStride = BigInteger.One << (bits - blockSize);

        // Calico computes numBlocks = 2^(bits - poolPrefix) / 2^(bits - blockSize) with integer
        // division, so a pool smaller than one block (only possible for a disabled pool) has
        // zero blocks and the generator yields nothing.
        BlockCount = poolSpan / _blockStride;

        Seed = DetermineSeed(blockSize, isIPv6, hostname, hostRouteClockSeed);
        UsesClockSeedInCalico = blockSize == bits;
        StartIndex = GoBigRand.Rand(new GoRandSource(Seed), BlockCount);
    }

    /// <summary>The pool's network address, host bits cleared.</summary>
    public BigInteger PoolNetwork { get; }

    /// <summary>The block prefix length.</summary>
    public int BlockSize { get; }

    public bool IsIPv6 { get; }

    /// <summary>2^(blockSize - poolPrefix), or 0 when the pool is smaller than a block.</summary>
    public BigInteger BlockCount { get; }

    /// <summary>The index the walk starts at: Go's <c>Int.Rand(rand.New(rand.NewSource(Seed)), BlockCount)</c>.</summary>
    public BigInteger StartIndex { get; }

    /// <summary>The seed given to Go's <c>rand.NewSource</c>.</summary>
    public long Seed { get; }

    /// <summary>
    /// True for host-route blocks (/32, /128), where Calico seeds from the wall clock, so its real
    /// start index is not reproducible; <see cref="Seed"/> then holds the substitute or the
    /// caller's clock value.
    /// </summary>
    public bool UsesClockSeedInCalico { get; }

    /// <summary>
    /// Calico's <c>determineSeed</c>: FNV-1 32 of the host name, widened to int64, except for
    /// host-route blocks (see the constructor's <c>hostRouteClockSeed</c>).
    /// </summary>
    public static long DetermineSeed(int blockSize, bool isIPv6, string hostname, long? hostRouteClockSeed)
    {
        if (hostname is null)
        {
            throw new ArgumentNullException(nameof(hostname));
        }
        bool isHostRoute = blockSize == (isIPv6 ? 128 : 32);
        if (isHostRoute && hostRouteClockSeed.HasValue)
        {
            return hostRouteClockSeed.Value;
        }
        return Fnv.Fnv1Hash32(hostname);
    }

    /// <summary>The network address of block <paramref name="index"/>.</summary>
    public BigInteger BlockNetwork(BigInteger index) => PoolNetwork + (index * _blockStride);

    /// <summary>
    /// Every block index once, in Calico's order: StartIndex, StartIndex+1, …, BlockCount-1, 0, …,
    /// StartIndex-1. Each enumeration starts afresh, as each Calico search does.
    /// </summary>
    public IEnumerable<BigInteger> BlockIndexes()
    {
        BigInteger index = StartIndex;
        BigInteger lastIndex = BlockCount - 1;
        for (BigInteger returned = BigInteger.Zero; returned < BlockCount; returned++)
        {
            yield return index;
            // Calico wraps when numBlocks - i <= 1, i.e. after the last block.
            index = index >= lastIndex ? BigInteger.Zero : index + 1;
        }
    }

    /// <summary>The block network addresses in walk order (see <see cref="BlockIndexes"/>).</summary>
    public IEnumerable<BigInteger> BlockNetworks()
    {
        foreach (BigInteger index in BlockIndexes())
        {
            yield return BlockNetwork(index);
        }
    }
}

using System.Numerics;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Ipam;

/// <summary>
/// Which of a pool's blocks exist and which have free addresses, by block index, so claiming
/// a block and borrowing an address never scan every block (DESIGN §7).
/// </summary>
internal sealed class PoolBlockIndex
{
    public PoolBlockIndex(Cidr network, int blockSize)
    {
        Network = network;
        BlockSize = blockSize;
        BlockCount = BigInteger.One << (blockSize - network.PrefixLength);
        Existing = BlockIndexSet.Create(BlockCount);
        WithFree = BlockIndexSet.Create(BlockCount);
    }

    public Cidr Network { get; }

    public int BlockSize { get; }

    public BigInteger BlockCount { get; }

    /// <summary>Blocks that exist (claimed, or orphaned but still holding addresses).</summary>
    public BlockIndexSet Existing { get; }

    /// <summary>Existing blocks with at least one free address.</summary>
    public BlockIndexSet WithFree { get; }

    /// <summary>True when <paramref name="block"/> is one of this pool's blocks.</summary>
    public bool Holds(Cidr block) =>
        block.PrefixLength == BlockSize && Network.Contains(block.Network);

    public BigInteger IndexOf(Cidr block) =>
        (block.Network.ToBigInteger() - Network.Network.ToBigInteger()) >> (Network.BitLength - BlockSize);

    public Cidr BlockAt(BigInteger index) =>
        new(IpAddress.FromBigInteger(Network.Network.ToBigInteger() + (index << (Network.BitLength - BlockSize)), Network.IsIPv6), BlockSize);

    /// <summary>Records the block's current state.</summary>
    public void Track(AllocationBlock block)
    {
        var index = IndexOf(block.Cidr);
        Existing.Add(index);
        if (block.Unallocated.Count > 0)
        {
            WithFree.Add(index);
        }
        else
        {
            WithFree.Remove(index);
        }
    }

    public void Forget(AllocationBlock block)
    {
        var index = IndexOf(block.Cidr);
        Existing.Remove(index);
        WithFree.Remove(index);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Numerics;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Tests.Ipam;

public class RandomBlockWalkTests
{
    // Every row of shared/reference/calico-ipam.md §3.5 "First blocks visited" (generator output
    // of Calico's randomBlockGenerator under Go 1.19): pool, blockSize, host, numBlocks,
    // initialIndex, and the first blocks listed there (network addresses; "…" rows list fewer).
    public static IEnumerable<object[]> CalicoVectors() => new[]
    {
        Row("192.168.0.0/16", 26, "node-1", "1024", "338", "192.168.84.128", "192.168.84.192", "192.168.85.0"),
        Row("10.244.0.0/16", 26, "node-1", "1024", "338", "10.244.84.128"),
        Row("10.244.0.0/16", 26, "node-2", "1024", "988", "10.244.247.0", "10.244.247.64"),
        Row("10.244.0.0/16", 26, "node-3", "1024", "557", "10.244.139.64", "10.244.139.128"),
        Row("10.244.0.0/16", 26, "worker-1", "1024", "905", "10.244.226.64"),
        Row("10.244.0.0/16", 26, "kind-worker", "1024", "650", "10.244.162.128"),
        Row("10.244.0.0/16", 26, "kind-control-plane", "1024", "328", "10.244.82.0"),
        Row("10.244.0.0/16", 26, "testHost", "1024", "18", "10.244.4.128"),
        Row("10.244.0.0/16", 26, "master-0", "1024", "145", "10.244.36.64"),
        Row("172.16.0.0/12", 26, "node-1", "16384", "7646", "172.23.119.128"),
        Row("10.0.0.0/8", 24, "node-1", "65536", "40414", "10.157.222.0", "10.157.223.0"),
        Row("10.0.0.0/24", 26, "node-1", "4", "2", "10.0.0.128", "10.0.0.192", "10.0.0.0", "10.0.0.64"),
        Row("10.0.0.0/24", 26, "node-2", "4", "0", "10.0.0.0", "10.0.0.64", "10.0.0.128", "10.0.0.192"),
        Row("10.0.0.0/24", 26, "worker-1", "4", "1", "10.0.0.64", "10.0.0.128", "10.0.0.192", "10.0.0.0"),
        Row("10.0.0.0/28", 30, "node-1", "4", "2", "10.0.0.8", "10.0.0.12", "10.0.0.0", "10.0.0.4"),
        Row("fd00::/112", 122, "node-1", "1024", "338", "fd00::5480", "fd00::54c0"),
        Row("fd00:10:244::/64", 122, "node-1", "288230376151711744", "167734761596257748",
            "fd00:10:244:0:94fa:7820:5b81:7500"),
        Row("fd5f:abcd:64::/48", 122, "node-1", "18889465931478580854784", "6236780179776727651668",
            "fd5f:abcd:64:5486:2d90:6847:2ee5:5500"),
        Row("10.0.0.0/26", 26, "node-1", "1", "0", "10.0.0.0"),
    };

    [Theory]
    [MemberData(nameof(CalicoVectors))]
    public void MatchesCalicoVector(string pool, int blockSize, string host, string blockCount, string startIndex, string[] firstBlocks)
    {
        RandomBlockWalk walk = Walk(pool, blockSize, host);

        Assert.Equal(BigInteger.Parse(blockCount), walk.BlockCount);
        Assert.Equal(BigInteger.Parse(startIndex), walk.StartIndex);
        BigInteger[] expected = firstBlocks.Select(ParseAddress).ToArray();
        Assert.Equal(expected, walk.BlockNetworks().Take(expected.Length).ToArray());
    }

    [Theory]
    [InlineData("10.0.0.0/24", 26, "node-1")]
    [InlineData("10.0.0.0/24", 26, "node-2")]
    [InlineData("10.0.0.0/24", 26, "worker-1")]
    [InlineData("10.0.0.0/28", 30, "node-1")]
    [InlineData("10.0.0.0/26", 26, "node-1")]
    public void SmallPoolWalksEndAfterEveryBlock(string pool, int blockSize, string host)
    {
        // §3.5 lists all 4 blocks "then nil": the walk must stop, not wrap a second time.
        RandomBlockWalk walk = Walk(pool, blockSize, host);
        Assert.Equal((int)walk.BlockCount, walk.BlockIndexes().Count());
    }

    [Theory]
    [InlineData("node-1")]
    [InlineData("node-2")]
    [InlineData("worker-1")]
    [InlineData("")]
    [InlineData("some-other-host.example")]
    public void SingleBlockPoolAlwaysGivesIndexZero(string host)
    {
        // §3.5 last row: pool 10.0.0.0/26 with /26 blocks, any host.
        RandomBlockWalk walk = Walk("10.0.0.0/26", 26, host);
        Assert.Equal(BigInteger.Zero, walk.StartIndex);
        Assert.Equal(new[] { ParseAddress("10.0.0.0") }, walk.BlockNetworks().ToArray());
    }

    [Fact]
    public void CollisionExampleFromReference()
    {
        // §3.5 collision example: pool 10.0.0.0/24, /26 blocks, empty cluster, hosts claim the
        // first unclaimed block of their walk in this order.
        var claimed = new HashSet<BigInteger>();
        BigInteger? Claim(string host)
        {
            foreach (BigInteger block in Walk("10.0.0.0/24", 26, host).BlockNetworks())
            {
                if (claimed.Add(block))
                {
                    return block;
                }
            }
            return null;
        }

        Assert.Equal(BigInteger.Parse("2"), Walk("10.0.0.0/24", 26, "kind-worker").StartIndex);
        Assert.Equal(ParseAddress("10.0.0.128"), Claim("node-1"));
        Assert.Equal(ParseAddress("10.0.0.192"), Claim("kind-worker"));
        Assert.Equal(ParseAddress("10.0.0.0"), Claim("node-2"));
        Assert.Equal(ParseAddress("10.0.0.64"), Claim("worker-1"));
        Assert.Null(Claim("testHost"));
    }

    [Theory]
    [InlineData("10.0.0.0/24", 26, "node-1")]
    [InlineData("10.244.0.0/16", 26, "node-2")]
    [InlineData("172.16.0.0/12", 26, "node-1")]   // 16,384 blocks
    [InlineData("10.0.0.0/8", 24, "node-1")]      // 65,536 blocks
    [InlineData("10.0.0.0/8", 26, "kind-worker")] // 262,144 blocks
    [InlineData("fd00::/104", 122, "node-1")]     // 262,144 IPv6 blocks
    public void VisitsEveryBlockExactlyOnce(string pool, int blockSize, string host)
    {
        RandomBlockWalk walk = Walk(pool, blockSize, host);
        int count = (int)walk.BlockCount;
        var seen = new bool[count];
        int visited = 0;
        BigInteger previous = walk.StartIndex - 1;
        foreach (BigInteger index in walk.BlockIndexes())
        {
            int i = (int)index;
            Assert.False(seen[i], $"index {i} visited twice");
            seen[i] = true;
            // Consecutive indexes, wrapping from the last block to 0.
            Assert.Equal(previous == count - 1 ? BigInteger.Zero : previous + 1, index);
            previous = index;
            visited++;
        }
        Assert.Equal(count, visited);
    }

    [Fact]
    public void HugeIPv6PoolIsWalkedLazily()
    {
        // 2^74 blocks: taking the first few must not enumerate or allocate the rest.
        RandomBlockWalk walk = Walk("fd5f:abcd:64::/48", 122, "node-1");
        BigInteger start = walk.StartIndex;
        Assert.Equal(new[] { start, start + 1, start + 2 }, walk.BlockIndexes().Take(3).ToArray());

        // fd00::/20 with /120 blocks: 2^100 blocks, the size the walk must cope with.
        RandomBlockWalk hundred = Walk("fd00::/20", 120, "node-1");
        Assert.Equal(BigInteger.One << 100, hundred.BlockCount);
        Assert.Equal(hundred.StartIndex, hundred.BlockIndexes().First());
    }

    [Fact]
    public void EachEnumerationRestartsAtTheStartIndex()
    {
        // Calico builds a new generator per search, so every search starts at initialIndex again.
        RandomBlockWalk walk = Walk("10.244.0.0/16", 26, "node-1");
        Assert.Equal(walk.BlockIndexes().Take(5), walk.BlockIndexes().Take(5));
    }

    [Fact]
    public void IndexDependsOnlyOnHostAndBlockCount()
    {
        // §3.4: the pool base address and IP family move the blocks but not the index.
        Assert.Equal(Walk("10.244.0.0/16", 26, "node-1").StartIndex, Walk("192.168.0.0/16", 26, "node-1").StartIndex);
        Assert.Equal(Walk("10.244.0.0/16", 26, "node-1").StartIndex, Walk("fd00::/112", 122, "node-1").StartIndex);
    }

    [Fact]
    public void PoolHostBitsAreClearedLikeParseCidr()
    {
        var walk = new RandomBlockWalk(ParseAddress("10.0.0.77"), 24, 26, false, "node-1");
        Assert.Equal(ParseAddress("10.0.0.0"), walk.PoolNetwork);
        Assert.Equal(ParseAddress("10.0.0.128"), walk.BlockNetworks().First());
    }

    [Fact]
    public void PoolSmallerThanABlockHasNoBlocks()
    {
        // Calico divides 2^(32-28) by 2^(32-26) with integer division: zero blocks, generator
        // returns nil at once. (Only a disabled pool can be narrower than its block size.)
        RandomBlockWalk walk = Walk("10.0.0.0/28", 26, "node-1");
        Assert.Equal(BigInteger.Zero, walk.BlockCount);
        Assert.Equal(BigInteger.Zero, walk.StartIndex);
        Assert.Empty(walk.BlockIndexes());
    }

    [Theory]
    [InlineData("10.0.0.0/24", 32, false)]
    [InlineData("fd00::/120", 128, true)]
    public void HostRouteBlocksUseTheInjectedClockSeed(string pool, int blockSize, bool isIPv6)
    {
        // determineSeed returns time.Now().UTC().UnixNano() when the block mask is all ones.
        (BigInteger network, int prefix) = ParseCidr(pool);
        const long clockNanos = 1_700_000_000_123_456_789;

        var clocked = new RandomBlockWalk(network, prefix, blockSize, isIPv6, "node-1", clockNanos);
        Assert.True(clocked.UsesClockSeedInCalico);
        Assert.Equal(clockNanos, clocked.Seed);
        Assert.Equal(GoBigRand.Rand(new GoRandSource(clockNanos), 256), clocked.StartIndex);

        // Without a clock value the deterministic substitute is the host-name seed.
        var substitute = new RandomBlockWalk(network, prefix, blockSize, isIPv6, "node-1");
        Assert.Equal((long)Fnv.Fnv1Hash32("node-1"), substitute.Seed);
        Assert.Equal(GoBigRand.Rand(new GoRandSource(substitute.Seed), 256), substitute.StartIndex);
    }

    [Fact]
    public void ClockSeedIsIgnoredForOrdinaryBlocks()
    {
        (BigInteger network, int prefix) = ParseCidr("10.244.0.0/16");
        var walk = new RandomBlockWalk(network, prefix, 26, false, "node-1", hostRouteClockSeed: 42);
        Assert.False(walk.UsesClockSeedInCalico);
        Assert.Equal(568266919L, walk.Seed);
        Assert.Equal(new BigInteger(338), walk.StartIndex);
    }

    [Fact]
    public void RejectsArgumentsOutsideTheAddressFamily()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomBlockWalk(0, 33, 33, false, "h"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomBlockWalk(0, 16, -1, false, "h"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomBlockWalk(BigInteger.One << 32, 16, 26, false, "h"));
        Assert.Throws<ArgumentNullException>(() => new RandomBlockWalk(0, 16, 26, false, null!));
    }

    private static object[] Row(string pool, int blockSize, string host, string count, string start, params string[] first) =>
        new object[] { pool, blockSize, host, count, start, first };

    private static RandomBlockWalk Walk(string pool, int blockSize, string host)
    {
        (BigInteger network, int prefix) = ParseCidr(pool);
        bool isIPv6 = pool.Contains(':');
        return new RandomBlockWalk(network, prefix, blockSize, isIPv6, host);
    }

    private static (BigInteger Network, int Prefix) ParseCidr(string cidr)
    {
        string[] parts = cidr.Split('/');
        return (ParseAddress(parts[0]), int.Parse(parts[1]));
    }

    /// <summary>An address as an unsigned big-endian integer (the test's own parser, independent of Core's).</summary>
    private static BigInteger ParseAddress(string address)
    {
        byte[] bigEndian = IPAddress.Parse(address).GetAddressBytes();
        return new BigInteger(bigEndian, isUnsigned: true, isBigEndian: true);
    }
}

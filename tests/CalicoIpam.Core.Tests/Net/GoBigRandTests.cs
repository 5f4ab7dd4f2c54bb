using System.Numerics;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Tests.Net;

public class GoBigRandTests
{
    // Expected indexes: shared/reference/calico-ipam.md §3.5 ("initialIndex" column), produced there
    // by Calico's randomBlockGenerator under Go 1.19. Seeds are FNV-1 32 of the host name.
    [Theory]
    [InlineData("node-1", 10, "338")]
    [InlineData("node-2", 10, "988")]
    [InlineData("node-3", 10, "557")]
    [InlineData("worker-1", 10, "905")]
    [InlineData("kind-worker", 10, "650")]
    [InlineData("kind-control-plane", 10, "328")]
    [InlineData("testHost", 10, "18")]
    [InlineData("master-0", 10, "145")]
    [InlineData("node-1", 14, "7646")]
    [InlineData("node-1", 16, "40414")]
    [InlineData("node-1", 2, "2")]
    [InlineData("node-2", 2, "0")]
    [InlineData("worker-1", 2, "1")]
    [InlineData("node-1", 58, "167734761596257748")]      // one word, 59-bit mask
    [InlineData("node-1", 74, "6236780179776727651668")]  // two words, 11-bit top-word mask
    public void PowerOfTwoLimitsMatchCalicoVectors(string hostname, int log2Limit, string expected)
    {
        var rng = new GoRandSource(Fnv.Fnv1Hash32(hostname));
        Assert.Equal(BigInteger.Parse(expected), GoBigRand.Rand(rng, BigInteger.One << log2Limit));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void NonPositiveLimitGivesZeroWithoutDrawing(int limit)
    {
        // math/big Int.Rand returns 0 for n <= 0 before calling nat.random.
        var used = new GoRandSource(7);
        var fresh = new GoRandSource(7);
        Assert.Equal(BigInteger.Zero, GoBigRand.Rand(used, limit));
        Assert.Equal(fresh.Uint64(), used.Uint64());
    }

    [Fact]
    public void SingleWordDrawUsesLowUint32AndDiscardsHighHalfBelow2To32()
    {
        // nat.random on 64-bit: word = Uint32() | Uint32() << 32, top word masked to bitLen(n)
        // bits, redraw while >= n. For n < 2^32 the high half is always masked away.
        BigInteger limit = 1000; // not a power of two: bitLen 10, mask 1023
        var rng = new GoRandSource(42);
        var mirror = new GoRandSource(42);
        ulong expected;
        do
        {
            ulong low = mirror.Uint32();
            mirror.Uint32();
            expected = low & 1023;
        }
        while (expected >= 1000);

        Assert.Equal(new BigInteger(expected), GoBigRand.Rand(rng, limit));
        Assert.Equal(mirror.Uint64(), rng.Uint64()); // same number of draws consumed
    }

    [Fact]
    public void LimitOfOneStillConsumesDrawsUntilTheMaskedBitIsZero()
    {
        // bitLen(1) = 1, so the mask keeps one bit and draws with that bit set are rejected.
        var rng = new GoRandSource(3);
        var mirror = new GoRandSource(3);
        ulong low;
        do
        {
            low = mirror.Uint32();
            mirror.Uint32();
        }
        while ((low & 1) != 0);

        Assert.Equal(BigInteger.Zero, GoBigRand.Rand(rng, BigInteger.One));
        Assert.Equal(mirror.Uint64(), rng.Uint64());
    }

    [Fact]
    public void TwoToThe64DrawsTwoWordsLowWordFirst()
    {
        // bitLen(2^64) = 65: two words, the top one masked to 1 bit; accepted only when it is 0.
        BigInteger limit = BigInteger.One << 64;
        var rng = new GoRandSource(99);
        var mirror = new GoRandSource(99);
        ulong lowWord;
        ulong topWord;
        do
        {
            lowWord = mirror.Uint32() | ((ulong)mirror.Uint32() << 32);
            topWord = (mirror.Uint32() | ((ulong)mirror.Uint32() << 32)) & 1;
        }
        while (topWord != 0);

        Assert.Equal(new BigInteger(lowWord), GoBigRand.Rand(rng, limit));
        Assert.Equal(mirror.Uint64(), rng.Uint64());
    }

    [Fact]
    public void ResultsStayBelowTheLimit()
    {
        var rng = new GoRandSource(2024);
        BigInteger[] limits = { 3, 1000, (BigInteger.One << 63) + 1, (BigInteger.One << 100) - 3, BigInteger.One << 128 };
        foreach (BigInteger limit in limits)
        {
            for (int i = 0; i < 200; i++)
            {
                BigInteger value = GoBigRand.Rand(rng, limit);
                Assert.InRange(value, BigInteger.Zero, limit - 1);
            }
        }
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("255", 8)]
    [InlineData("256", 9)]
    [InlineData("18446744073709551615", 64)]
    [InlineData("18446744073709551616", 65)]
    public void BitLengthMatchesGo(string value, int expected)
    {
        Assert.Equal(expected, GoBigRand.BitLength(BigInteger.Parse(value)));
    }
}

namespace CalicoIpam.Core.Net;

/// <summary>
/// Go's math/rand v1 generator as <c>rand.New(rand.NewSource(seed))</c> builds it: the additive
/// lagged Fibonacci <c>rngSource</c> (lags 607 and 273) seeded through a Park–Miller sequence and
/// the <see cref="GoRngTable.Cooked"/> table. Calico draws the start of every host's block search
/// from it, so a faithful simulation needs the exact stream, not just "a random number".
/// Go keeps this stream frozen for compatibility (its regress test golden values must not change);
/// the unit tests pin it to those golden values.
/// </summary>
internal sealed class GoRandSource
{
    // rng.go: int32max = (1 << 31) - 1. Seeds are reduced modulo this before use.
    private const int Int32Max = int.MaxValue;

    // rng.go Seed: a seed that reduces to 0 would make the Park–Miller sequence stick at 0,
    // so Go substitutes this constant.
    private const int ZeroSeedReplacement = 89482311;

    // rng.go Seed discards the first 20 Park–Miller values before filling the register.
    private const int SeedWarmUp = 20;

    private const long Int63Mask = long.MaxValue;

    private readonly long[] _vec = new long[GoRngTable.Length];
    private int _tap;
    private int _feed;

    public GoRandSource(long seed)
    {
        Seed(seed);
    }

    /// <summary>Resets the generator exactly as Go's <c>rngSource.Seed</c> does.</summary>
    public void Seed(long seed)
    {
        _tap = 0;
        _feed = GoRngTable.Length - GoRngTable.Tap;

        // Go's % truncates toward zero like C#'s, so a negative seed stays negative here and
        // is then moved into range.
        seed %= Int32Max;
        if (seed < 0)
        {
            seed += Int32Max;
        }
        if (seed == 0)
        {
            seed = ZeroSeedReplacement;
        }

        int x = (int)seed;
        for (int i = -SeedWarmUp; i < GoRngTable.Length; i++)
        {
            x = SeedRand(x);
            if (i >= 0)
            {
                // Three consecutive 31-bit values are spread over the 64-bit word; the shift by
                // 40 deliberately drops high bits, as Go's int64 shift does.
                long u = (long)x << 40;
                x = SeedRand(x);
                u ^= (long)x << 20;
                x = SeedRand(x);
                u ^= x;
                u ^= GoRngTable.Cooked[i];
                _vec[i] = u;
            }
        }
    }

    /// <summary>Go's <c>rngSource.Uint64</c>: one step of the additive generator.</summary>
    public ulong Uint64()
    {
        _tap--;
        if (_tap < 0)
        {
            _tap += GoRngTable.Length;
        }
        _feed--;
        if (_feed < 0)
        {
            _feed += GoRngTable.Length;
        }
        long x = unchecked(_vec[_feed] + _vec[_tap]);
        _vec[_feed] = x;
        return unchecked((ulong)x);
    }

    /// <summary>Go's <c>rngSource.Int63</c> (and so <c>Rand.Int63</c>): the low 63 bits of <see cref="Uint64"/>.</summary>
    public long Int63() => unchecked((long)(Uint64() & Int63Mask));

    /// <summary>
    /// Go's <c>Rand.Uint32</c>: <c>uint32(r.Int63() &gt;&gt; 31)</c>, the top 32 of the 63 bits.
    /// math/big's <c>Int.Rand</c> builds its words from this, not from <see cref="Uint64"/>.
    /// </summary>
    public uint Uint32() => unchecked((uint)(Int63() >> 31));

    /// <summary>Go's <c>Rand.Int31</c>: <c>int32(r.Int63() &gt;&gt; 32)</c>.</summary>
    public int Int31() => (int)(Int63() >> 32);

    /// <summary>
    /// rng.go <c>seedrand</c>: x * 48271 mod (2^31 - 1), computed with Schrage's method so the
    /// products fit in 32 bits.
    /// </summary>
    private static int SeedRand(int x)
    {
        const int a = 48271;
        const int q = 44488; // (2^31 - 1) / a
        const int r = 3399;  // (2^31 - 1) % a
        int hi = x / q;
        int lo = x % q;
        x = (a * lo) - (r * hi);
        if (x < 0)
        {
            x += Int32Max;
        }
        return x;
    }
}

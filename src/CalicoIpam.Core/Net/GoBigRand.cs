using System;
using System.Numerics;

namespace CalicoIpam.Core.Net;

/// <summary>
/// Go's math/big <c>Int.Rand(rnd, n)</c>, which delegates to <c>nat.random</c>, as it behaves on
/// 64-bit platforms (amd64/arm64, where Calico runs). The exact sequence of generator calls
/// matters: the result decides which block a host claims first, and the number of draws consumed
/// differs from a naive "uniform below n".
/// </summary>
internal static class GoBigRand
{
    private const int WordBits = 64;

    /// <summary>
    /// A value in [0, n) drawn exactly as Go's <c>Int.Rand</c> draws it. For n ≤ 0 Go returns 0
    /// without touching the generator, and so does this.
    /// </summary>
    /// <remarks>
    /// <c>nat.random</c> works on the little-endian 64-bit words of n. Each word is built from two
    /// <c>Rand.Uint32</c> calls, low half first. The most significant word is masked to
    /// <c>bitLen(n) mod 64</c> bits (a full word when that is 0), and the whole draw is repeated
    /// until the value is below n. For a power of two n the mask keeps one bit more than needed,
    /// so about half the draws are rejected; that is Go's behaviour and must be kept.
    /// One code path serves every size: a single-word n is just the one-word case of the loop, so
    /// a separate fast path could only risk diverging from Go.
    /// </remarks>
    public static BigInteger Rand(GoRandSource rnd, BigInteger n)
    {
        if (rnd is null)
        {
            throw new ArgumentNullException(nameof(rnd));
        }
        if (n.Sign <= 0)
        {
            return BigInteger.Zero;
        }

        int bitLength = BitLength(n);
        ulong[] limit = ToWords(n, (bitLength + WordBits - 1) / WordBits);
        int topWordBits = bitLength % WordBits;
        ulong topWordMask = topWordBits == 0 ? ulong.MaxValue : (1UL << topWordBits) - 1;

        var z = new ulong[limit.Length];
        while (true)
        {
            for (int i = 0; i < z.Length; i++)
            {
                ulong low = rnd.Uint32();
                ulong high = rnd.Uint32();
                z[i] = low | (high << 32);
            }
            z[z.Length - 1] &= topWordMask;
            if (CompareWords(z, limit) < 0)
            {
                return FromWords(z);
            }
        }
    }

    /// <summary>Number of bits needed to write a positive n (Go's <c>nat.bitLen</c>).</summary>
    internal static int BitLength(BigInteger n)
    {
        // netstandard2.0 has no BigInteger.GetBitLength; the little-endian two's complement
        // bytes of a positive value give it directly.
        byte[] bytes = n.ToByteArray();
        int top = bytes.Length - 1;
        while (top > 0 && bytes[top] == 0)
        {
            top--;
        }
        int bits = top * 8;
        for (int b = bytes[top]; b != 0; b >>= 1)
        {
            bits++;
        }
        return bits;
    }

    private static ulong[] ToWords(BigInteger n, int wordCount)
    {
        byte[] bytes = n.ToByteArray();
        var words = new ulong[wordCount];
        for (int i = 0; i < bytes.Length && i < wordCount * 8; i++)
        {
            words[i / 8] |= (ulong)bytes[i] << (8 * (i % 8));
        }
        return words;
    }

    private static BigInteger FromWords(ulong[] words)
    {
        // One extra zero byte keeps the value positive in BigInteger's two's complement reading.
        var bytes = new byte[(words.Length * 8) + 1];
        for (int i = 0; i < words.Length * 8; i++)
        {
            bytes[i] = (byte)(words[i / 8] >> (8 * (i % 8)));
        }
        return new BigInteger(bytes);
    }

    /// <summary>Compares equal-length little-endian word arrays, most significant word first.</summary>
    private static int CompareWords(ulong[] x, ulong[] y)
    {
        for (int i = x.Length - 1; i >= 0; i--)
        {
            if (x[i] != y[i])
            {
                return x[i] < y[i] ? -1 : 1;
            }
        }
        return 0;
    }
}

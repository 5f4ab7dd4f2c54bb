using System;
using System.Collections.Generic;
using System.Numerics;

namespace CalicoIpam.Core.Ipam;

/// <summary>
/// A set of block indexes within one pool (index i = the pool's i-th block), answering "the
/// next index at or after i that is (or is not) in the set" without visiting every block, and
/// so walking Calico's block order (start, start+1, ..., Count-1, 0, ..., start-1) cheaply. Pools
/// of up to 2^26 blocks use a bitmap scanned a word at a time; larger (IPv6) pools a sorted set.
/// </summary>
internal abstract class BlockIndexSet
{
    private const int BitmapLimitBits = 26;

    protected BlockIndexSet(BigInteger count) => Count = count;

    /// <summary>How many blocks the pool has.</summary>
    public BigInteger Count { get; }

    public static BlockIndexSet Create(BigInteger count) =>
        count <= BigInteger.One << BitmapLimitBits ? new Bitmap((long)count) : new Sparse(count);

    public abstract void Add(BigInteger index);

    public abstract void Remove(BigInteger index);

    public abstract bool Contains(BigInteger index);

    /// <summary>The first index in [from, Count) that is in (present) or not in the set, or null.</summary>
    protected abstract BigInteger? Next(BigInteger from, bool present);

    /// <summary>Every index that is (or is not) in the set, in walk order from <paramref name="start"/>.</summary>
    public IEnumerable<BigInteger> InWalk(BigInteger start, bool present)
    {
        var next = Next(start, present);
        while (next is { } index)
        {
            yield return index;
            next = Next(index + 1, present);
        }
        next = start > 0 ? Next(0, present) : null;
        while (next is { } index && index < start)
        {
            yield return index;
            next = Next(index + 1, present);
        }
    }

    private sealed class Bitmap : BlockIndexSet
    {
        private readonly ulong[] _words;
        private readonly long _count;

        public Bitmap(long count)
            : base(count)
        {
            _count = count;
            _words = new ulong[(count + 63) / 64];
        }

        public override void Add(BigInteger index) => _words[(long)index >> 6] |= 1UL << (int)((long)index & 63);

        public override void Remove(BigInteger index) => _words[(long)index >> 6] &= ~(1UL << (int)((long)index & 63));

        public override bool Contains(BigInteger index) => (_words[(long)index >> 6] & (1UL << (int)((long)index & 63))) != 0;

        protected override BigInteger? Next(BigInteger from, bool present)
        {
            var i = (long)from;
            if (i >= _count)
            {
                return null;
            }
            var wordIndex = i >> 6;
            // Bits at or after position i in the first word; present=false looks at the complement.
            var word = (present ? _words[wordIndex] : ~_words[wordIndex]) & (ulong.MaxValue << (int)(i & 63));
            while (true)
            {
                if (word != 0)
                {
                    var found = (wordIndex << 6) + TrailingZeroCount(word);
                    return found < _count ? found : null;
                }
                if (++wordIndex >= _words.Length)
                {
                    return null;
                }
                word = present ? _words[wordIndex] : ~_words[wordIndex];
            }
        }

        // netstandard2.0 has no BitOperations: a de Bruijn sequence finds the lowest set bit.
        private static int TrailingZeroCount(ulong value)
        {
            var lowest = value & (ulong)-(long)value;
            return DeBruijnPositions[(lowest * 0x03F79D71B4CB0A89UL) >> 58];
        }

        private static readonly int[] DeBruijnPositions = BuildDeBruijn();

        private static int[] BuildDeBruijn()
        {
            var table = new int[64];
            for (var bit = 0; bit < 64; bit++)
            {
                table[((1UL << bit) * 0x03F79D71B4CB0A89UL) >> 58] = bit;
            }
            return table;
        }
    }

    private sealed class Sparse : BlockIndexSet
    {
        private readonly SortedSet<BigInteger> _set = new();

        public Sparse(BigInteger count)
            : base(count)
        {
        }

        public override void Add(BigInteger index) => _set.Add(index);

        public override void Remove(BigInteger index) => _set.Remove(index);

        public override bool Contains(BigInteger index) => _set.Contains(index);

        protected override BigInteger? Next(BigInteger from, bool present)
        {
            if (from >= Count)
            {
                return null;
            }
            if (_set.Count == 0 || from > _set.Max)
            {
                return present ? null : from;
            }
            var candidate = from;
            foreach (var member in _set.GetViewBetween(from, _set.Max))
            {
                if (present)
                {
                    return member;
                }
                if (member != candidate)
                {
                    return candidate;
                }
                candidate = member + 1;
            }
            if (present)
            {
                return null;
            }
            return candidate < Count ? candidate : null;
        }
    }
}

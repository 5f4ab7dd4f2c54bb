using System;
using System.Globalization;

namespace CalicoIpam.Core.Clusters;

/// <summary>
/// The cluster's source of "random" choices Kubernetes makes (uids, name suffixes), drawn from
/// the cluster seed so a run can be repeated. A small xorshift generator of our own, so results
/// do not depend on the .NET version's System.Random.
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _state;

    public DeterministicRandom(int seed) => _state = Mix((ulong)(uint)seed + 0x9E3779B97F4A7C15UL);

    /// <summary>The state, so a saved cluster resumes the same sequence.</summary>
    public ulong State
    {
        get => _state;
        set => _state = value == 0 ? 1 : value;
    }

    public ulong NextUInt64()
    {
        // xorshift64*
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1DUL;
    }

    /// <summary>A uniform integer in [0, max).</summary>
    public int Next(int max)
    {
        if (max <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(max));
        }
        return (int)(NextUInt64() % (ulong)max);
    }

    /// <summary>A version-4 UUID in Kubernetes' lower-case text form.</summary>
    public string NextUid()
    {
        var a = NextUInt64();
        var b = NextUInt64();
        a = (a & 0xFFFFFFFFFFFF0FFFUL) | 0x0000000000004000UL;
        b = (b & 0x3FFFFFFFFFFFFFFFUL) | 0x8000000000000000UL;
        var hex = a.ToString("x16", CultureInfo.InvariantCulture) + b.ToString("x16", CultureInfo.InvariantCulture);
        return $"{hex.Substring(0, 8)}-{hex.Substring(8, 4)}-{hex.Substring(12, 4)}-{hex.Substring(16, 4)}-{hex.Substring(20, 12)}";
    }

    // splitmix64 finaliser: spreads small seeds over the whole state.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return z == 0 ? 1 : z;
    }
}

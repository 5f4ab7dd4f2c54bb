using System;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace CalicoIpam.Core.Net;

/// <summary>
/// An IPv4 or IPv6 address as a 128-bit value (IPv4 lives in the low 32 bits). A value type
/// with cheap arithmetic, because the allocator turns ordinals into addresses millions of times.
/// Parsing and printing follow Go's net/netip, which is what Calico prints and accepts.
/// </summary>
public readonly struct IpAddress : IEquatable<IpAddress>, IComparable<IpAddress>
{
    private readonly ulong _hi;
    private readonly ulong _lo;

    private IpAddress(bool isIPv6, ulong hi, ulong lo)
    {
        IsIPv6 = isIPv6;
        _hi = hi;
        _lo = lo;
    }

    public bool IsIPv6 { get; }

    /// <summary>32 for IPv4, 128 for IPv6.</summary>
    public int BitLength => IsIPv6 ? 128 : 32;

    public static IpAddress FromIPv4(uint value) => new(false, 0, value);

    public static IpAddress FromIPv6(ulong high, ulong low) => new(true, high, low);

    public static IpAddress FromBigInteger(BigInteger value, bool isIPv6)
    {
        if (value.Sign < 0 || value >> (isIPv6 ? 128 : 32) != BigInteger.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "The value does not fit the address family.");
        }
        var lo = (ulong)(value & ulong.MaxValue);
        var hi = (ulong)(value >> 64);
        return new IpAddress(isIPv6, hi, lo);
    }

    public BigInteger ToBigInteger() => ((BigInteger)_hi << 64) | _lo;

    /// <summary>The IPv4 address as a number; only meaningful when <see cref="IsIPv6"/> is false.</summary>
    public uint ToUInt32() => (uint)_lo;

    /// <summary>The address <paramref name="offset"/> places after this one (wrapping is the caller's concern).</summary>
    public IpAddress Add(ulong offset)
    {
        var lo = unchecked(_lo + offset);
        var hi = lo < _lo ? _hi + 1 : _hi;
        return IsIPv6 ? new IpAddress(true, hi, lo) : new IpAddress(false, 0, lo & 0xFFFF_FFFF);
    }

    /// <summary>The distance from <paramref name="start"/> to this address, when it fits 64 bits.</summary>
    public ulong OffsetFrom(IpAddress start) => unchecked(_lo - start._lo);

    /// <summary>This address with every bit after the first <paramref name="prefixLength"/> cleared.</summary>
    public IpAddress Mask(int prefixLength)
    {
        if (!IsIPv6)
        {
            var mask = prefixLength == 0 ? 0UL : 0xFFFF_FFFFUL << (32 - prefixLength) & 0xFFFF_FFFFUL;
            return new IpAddress(false, 0, _lo & mask);
        }
        var (hiMask, loMask) = Ipv6Mask(prefixLength);
        return new IpAddress(true, _hi & hiMask, _lo & loMask);
    }

    private static (ulong Hi, ulong Lo) Ipv6Mask(int prefixLength)
    {
        if (prefixLength <= 0)
        {
            return (0, 0);
        }
        if (prefixLength <= 64)
        {
            return (prefixLength == 64 ? ulong.MaxValue : ~(ulong.MaxValue >> prefixLength), 0);
        }
        return (ulong.MaxValue, prefixLength == 128 ? ulong.MaxValue : ~(ulong.MaxValue >> (prefixLength - 64)));
    }

    public static bool TryParse(string? text, out IpAddress address)
    {
        address = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        return text!.IndexOf(':') >= 0 ? TryParseIPv6(text, out address) : TryParseIPv4(text, 0, text.Length, out address);
    }

    public static IpAddress Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"invalid IP address: {text}");

    // Go netip.ParseAddr: exactly four decimal fields of 0-255, no empty field, no leading zero.
    private static bool TryParseIPv4(string s, int start, int end, out IpAddress address)
    {
        address = default;
        uint value = 0;
        int fields = 0, pos = start;
        while (fields < 4)
        {
            int digitsStart = pos, field = 0;
            while (pos < end && s[pos] >= '0' && s[pos] <= '9')
            {
                field = field * 10 + (s[pos] - '0');
                pos++;
                if (field > 255)
                {
                    return false;
                }
            }
            var digits = pos - digitsStart;
            if (digits == 0 || (digits > 1 && s[digitsStart] == '0'))
            {
                return false;
            }
            value = (value << 8) | (uint)field;
            fields++;
            if (fields < 4)
            {
                if (pos >= end || s[pos] != '.')
                {
                    return false;
                }
                pos++;
            }
        }
        if (pos != end)
        {
            return false;
        }
        address = FromIPv4(value);
        return true;
    }

    // Go netip.ParseAddr for IPv6: hex groups of 1-4 digits, one "::", an optional dotted IPv4
    // tail, and no zone (a zone is refused by ParseCIDR anyway).
    private static bool TryParseIPv6(string s, out IpAddress address)
    {
        address = default;
        var groups = new ushort[8];
        int count = 0, ellipsis = -1, pos = 0, end = s.Length;
        if (end >= 2 && s[0] == ':' && s[1] == ':')
        {
            ellipsis = 0;
            pos = 2;
            if (pos == end)
            {
                address = FromIPv6(0, 0);
                return true;
            }
        }
        while (pos < end)
        {
            int digitsStart = pos, value = 0;
            while (pos < end && pos - digitsStart < 5 && IsHex(s[pos]))
            {
                value = (value << 4) | HexValue(s[pos]);
                pos++;
            }
            var digits = pos - digitsStart;
            if (digits == 0 || digits > 4)
            {
                return false;
            }
            if (pos < end && s[pos] == '.')
            {
                // Dotted IPv4 tail: must be last and needs room for two groups.
                if (count > 6 || !TryParseIPv4(s, digitsStart, end, out var v4))
                {
                    return false;
                }
                var v = v4.ToUInt32();
                groups[count++] = (ushort)(v >> 16);
                groups[count++] = (ushort)v;
                pos = end;
                break;
            }
            if (count >= 8)
            {
                return false;
            }
            groups[count++] = (ushort)value;
            if (pos == end)
            {
                break;
            }
            if (s[pos] != ':')
            {
                return false;
            }
            pos++;
            if (pos < end && s[pos] == ':')
            {
                if (ellipsis >= 0)
                {
                    return false;
                }
                ellipsis = count;
                pos++;
                if (pos == end)
                {
                    break;
                }
            }
            else if (pos == end)
            {
                return false;
            }
        }
        if (ellipsis >= 0)
        {
            if (count == 8)
            {
                return false;
            }
            var shift = 8 - count;
            for (var i = count - 1; i >= ellipsis; i--)
            {
                groups[i + shift] = groups[i];
            }
            for (var i = ellipsis; i < ellipsis + shift; i++)
            {
                groups[i] = 0;
            }
        }
        else if (count != 8)
        {
            return false;
        }
        ulong hi = 0, lo = 0;
        for (var i = 0; i < 4; i++)
        {
            hi = (hi << 16) | groups[i];
            lo = (lo << 16) | groups[i + 4];
        }
        address = FromIPv6(hi, lo);
        return true;
    }

    private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>Go's textual form: dotted IPv4; IPv6 per RFC 5952 (the longest run of two or
    /// more zero groups becomes "::", the first on a tie; lower-case hex).</summary>
    public override string ToString()
    {
        if (!IsIPv6)
        {
            var v = (uint)_lo;
            return string.Concat(
                (v >> 24).ToString(CultureInfo.InvariantCulture), ".",
                ((v >> 16) & 0xFF).ToString(CultureInfo.InvariantCulture), ".",
                ((v >> 8) & 0xFF).ToString(CultureInfo.InvariantCulture), ".",
                (v & 0xFF).ToString(CultureInfo.InvariantCulture));
        }
        // netip prints an IPv4-mapped address with a dotted tail: ::ffff:1.2.3.4.
        if (_hi == 0 && (_lo >> 32) == 0xFFFF)
        {
            return "::ffff:" + FromIPv4((uint)_lo).ToString();
        }
        var groups = new int[8];
        for (var i = 0; i < 4; i++)
        {
            groups[i] = (int)((_hi >> (48 - 16 * i)) & 0xFFFF);
            groups[i + 4] = (int)((_lo >> (48 - 16 * i)) & 0xFFFF);
        }
        int bestStart = -1, bestLength = 0;
        for (var i = 0; i < 8;)
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }
            var j = i;
            while (j < 8 && groups[j] == 0)
            {
                j++;
            }
            if (j - i > bestLength && j - i >= 2)
            {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        var sb = new StringBuilder(39);
        for (var i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                sb.Append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.Length > 0 && sb[sb.Length - 1] != ':')
            {
                sb.Append(':');
            }
            sb.Append(groups[i].ToString("x", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    public bool Equals(IpAddress other) => IsIPv6 == other.IsIPv6 && _hi == other._hi && _lo == other._lo;

    public override bool Equals(object? obj) => obj is IpAddress other && Equals(other);

    public override int GetHashCode() => unchecked((int)(_lo ^ (_lo >> 32) ^ _hi ^ (_hi >> 32)) ^ (IsIPv6 ? 0x5bd1e995 : 0));

    /// <summary>IPv4 before IPv6, then numeric order.</summary>
    public int CompareTo(IpAddress other)
    {
        if (IsIPv6 != other.IsIPv6)
        {
            return IsIPv6 ? 1 : -1;
        }
        var c = _hi.CompareTo(other._hi);
        return c != 0 ? c : _lo.CompareTo(other._lo);
    }

    public static bool operator ==(IpAddress left, IpAddress right) => left.Equals(right);

    public static bool operator !=(IpAddress left, IpAddress right) => !left.Equals(right);
}

using System;
using System.Globalization;
using System.Numerics;

namespace CalicoIpam.Core.Net;

/// <summary>
/// An address with a prefix length, as Go's net.ParseCIDR reads it. The address keeps any host
/// bits it was written with (<see cref="Address"/>), because Calico reports "not strictly masked"
/// by comparing it with <see cref="Network"/>.
/// </summary>
public readonly struct Cidr : IEquatable<Cidr>, IComparable<Cidr>
{
    public Cidr(IpAddress address, int prefixLength)
    {
        if (prefixLength < 0 || prefixLength > address.BitLength)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength));
        }
        Address = address;
        PrefixLength = prefixLength;
    }

    /// <summary>The address as written, host bits included.</summary>
    public IpAddress Address { get; }

    public int PrefixLength { get; }

    public bool IsIPv6 => Address.IsIPv6;

    public int BitLength => Address.BitLength;

    /// <summary>The network address: <see cref="Address"/> with the host bits cleared.</summary>
    public IpAddress Network => Address.Mask(PrefixLength);

    /// <summary>This CIDR with its host bits cleared, as Calico stores a pool.</summary>
    public Cidr Masked => new(Network, PrefixLength);

    public bool IsStrictlyMasked => Address == Network;

    /// <summary>How many addresses the CIDR spans (2^(bits - prefix)).</summary>
    public BigInteger Size => BigInteger.One << (BitLength - PrefixLength);

    /// <summary>Go net.ParseCIDR: "addr/len" with a decimal length within the family's bits.</summary>
    public static bool TryParse(string? text, out Cidr cidr)
    {
        cidr = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var slash = text!.IndexOf('/');
        if (slash < 0 || !IpAddress.TryParse(text.Substring(0, slash), out var address))
        {
            return false;
        }
        var lengthText = text.Substring(slash + 1);
        if (lengthText.Length == 0)
        {
            return false;
        }
        // Go's dtoi: decimal digits only, any number of leading zeros, and it gives up once the
        // value reaches 0xFFFFFF.
        var length = 0;
        foreach (var c in lengthText)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
            length = length * 10 + (c - '0');
            if (length >= 0xFFFFFF)
            {
                return false;
            }
        }
        if (length > address.BitLength)
        {
            return false;
        }
        cidr = new Cidr(address, length);
        return true;
    }

    public static Cidr Parse(string text) =>
        TryParse(text, out var cidr) ? cidr : throw new FormatException($"invalid CIDR address: {text}");

    /// <summary>True when <paramref name="address"/> is inside this network.</summary>
    public bool Contains(IpAddress address) =>
        address.IsIPv6 == IsIPv6 && address.Mask(PrefixLength) == Network;

    /// <summary>True when one network contains the other (Calico's IsNetOverlap).</summary>
    public bool Overlaps(Cidr other)
    {
        if (other.IsIPv6 != IsIPv6)
        {
            return false;
        }
        var shorter = Math.Min(PrefixLength, other.PrefixLength);
        return Network.Mask(shorter) == other.Network.Mask(shorter);
    }

    /// <summary>Go's IPNet.String of the address as written: "a.b.c.d/n".</summary>
    public override string ToString() =>
        Address.ToString() + "/" + PrefixLength.ToString(CultureInfo.InvariantCulture);

    public bool Equals(Cidr other) => Address == other.Address && PrefixLength == other.PrefixLength;

    public override bool Equals(object? obj) => obj is Cidr other && Equals(other);

    public override int GetHashCode() => Address.GetHashCode() * 31 + PrefixLength;

    public int CompareTo(Cidr other)
    {
        var c = Address.CompareTo(other.Address);
        return c != 0 ? c : PrefixLength.CompareTo(other.PrefixLength);
    }

    public static bool operator ==(Cidr left, Cidr right) => left.Equals(right);

    public static bool operator !=(Cidr left, Cidr right) => !left.Equals(right);
}

using System;
using System.Numerics;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Tests.Net;

/// <summary>
/// IpAddress parses and prints as Go's net/netip does (Go src/net/netip/netip.go parseIPv4,
/// parseIPv6, Addr.String / string6 / string4In6; cases follow src/net/netip/netip_test.go
/// TestParseAddr), since that is what Calico accepts and prints.
/// </summary>
public sealed class IpAddressTests
{
    private static IpAddress Ip(string text) => IpAddress.Parse(text);

    // ---- IPv4 parsing ------------------------------------------------------------------------

    [Theory]
    [InlineData("0.0.0.0", 0u)]
    [InlineData("10.48.0.1", 0x0A300001u)]
    [InlineData("192.168.0.0", 0xC0A80000u)]
    [InlineData("255.255.255.255", 0xFFFFFFFFu)]
    [InlineData("1.2.3.0", 0x01020300u)] // a lone "0" field is not a leading zero
    public void ParsesDottedQuads(string text, uint value)
    {
        var ip = Ip(text);
        Assert.False(ip.IsIPv6);
        Assert.Equal(32, ip.BitLength);
        Assert.Equal(value, ip.ToUInt32());
        Assert.Equal(text, ip.ToString());
    }

    [Theory]
    [InlineData("1.2.3")]          // "IPv4 address too short"
    [InlineData("1.2.3.4.5")]      // "IPv4 address too long"
    [InlineData("01.2.3.4")]       // "IPv4 field has octet with leading zero" (Go >= 1.17 rejects these)
    [InlineData("1.2.3.04")]
    [InlineData("1.2.3.00")]
    [InlineData("1.02.3.4")]
    [InlineData("256.1.1.1")]      // "IPv4 field has value >255"
    [InlineData("1.2.3.256")]
    [InlineData("1.2.3.1000")]
    [InlineData("1..2.3")]         // "IPv4 field must have at least one digit"
    [InlineData(".1.2.3")]
    [InlineData("1.2.3.")]
    [InlineData(" 1.2.3.4")]       // "unexpected character"
    [InlineData("1.2.3.4 ")]
    [InlineData("+1.2.3.4")]
    [InlineData("1.2.3.-4")]
    [InlineData("0x1.2.3.4")]
    [InlineData("1.2.3.4%eth0")]
    [InlineData("1.2.3.4/24")]
    [InlineData("")]
    [InlineData("localhost")]
    public void RejectsBadIPv4(string text)
    {
        Assert.False(IpAddress.TryParse(text, out _));
        Assert.Throws<FormatException>(() => IpAddress.Parse(text));
    }

    [Fact]
    public void NullIsNotAnAddress()
    {
        Assert.False(IpAddress.TryParse(null, out _));
    }

    // ---- IPv6 parsing ------------------------------------------------------------------------

    [Theory]
    [InlineData("::", 0UL, 0UL)]
    [InlineData("::1", 0UL, 1UL)]
    [InlineData("1::", 0x0001000000000000UL, 0UL)]
    [InlineData("1:2:3:4:5:6:7:8", 0x0001000200030004UL, 0x0005000600070008UL)]
    [InlineData("2001:db8::1", 0x20010DB800000000UL, 1UL)]
    [InlineData("2001:DB8::1", 0x20010DB800000000UL, 1UL)] // hex is case-insensitive
    [InlineData("::ffff:1.2.3.4", 0UL, 0x0000FFFF01020304UL)] // embedded IPv4 tail
    [InlineData("::1.2.3.4", 0UL, 0x0000000001020304UL)]
    [InlineData("1:2:3:4:5:6:1.2.3.4", 0x0001000200030004UL, 0x0005000601020304UL)] // tail in place of the last two groups
    [InlineData("1:2:3:4:5:6:7::", 0x0001000200030004UL, 0x0005000600070000UL)]     // "::" standing for one group
    [InlineData("::2:3:4:5:6:7:8", 0x0000000200030004UL, 0x0005000600070008UL)]
    [InlineData("0:0:0:0:0:0:0:0", 0UL, 0UL)]
    [InlineData("fe80:0000:0000:0000:0000:0000:0000:00ff", 0xFE80000000000000UL, 0xFFUL)]
    public void ParsesIPv6(string text, ulong high, ulong low)
    {
        var ip = Ip(text);
        Assert.True(ip.IsIPv6);
        Assert.Equal(128, ip.BitLength);
        Assert.Equal(IpAddress.FromIPv6(high, low), ip);
    }

    [Theory]
    [InlineData("1:2:3:4:5:6:7:8:9")]     // too many groups
    [InlineData("1:2:3:4:5:6:7")]         // too few groups, no "::"
    [InlineData("1:2:3:4:5:6:7:8::")]     // "the :: must expand to at least one field of zeros"
    [InlineData("::1:2:3:4:5:6:7:8")]
    [InlineData("1::2::3")]               // "multiple :: in address"
    [InlineData("::1::")]
    [InlineData("12345::")]               // "each group must have 4 or less digits"
    [InlineData("1:23456::")]
    [InlineData("fe80::1%eth0")]          // zones: netip accepts them, but CIDRs refuse them and IpAddress has none
    [InlineData("fe80::1%")]
    [InlineData(":1:2:3:4:5:6:7")]        // a single leading colon
    [InlineData("1:2:3:4:5:6:7:")]        // "colon must be followed by more characters"
    [InlineData(":::")]
    [InlineData("g::")]
    [InlineData("[::1]")]
    [InlineData("::ffff:1.2.3")]          // short IPv4 tail
    [InlineData("::ffff:01.2.3.4")]       // leading zero in the IPv4 tail
    [InlineData("::ffff:1.2.3.256")]
    [InlineData("::ffff:1.2.3.4:5")]      // something after the tail
    [InlineData("1:2:3:4:5:1.2.3.4")]     // tail not in the last two groups, no "::"
    [InlineData("1:2:3:4:5:6:7:1.2.3.4")] // "too many hex fields to fit an embedded IPv4"
    [InlineData("::1:2:3:4:5:6:1.2.3.4")] // "::" would stand for no group
    [InlineData("1.2.3.4::")]
    public void RejectsBadIPv6(string text)
    {
        Assert.False(IpAddress.TryParse(text, out _));
    }

    // ---- printing (Go netip Addr.String: RFC 5952) -------------------------------------------

    [Theory]
    [InlineData("::", "::")]
    [InlineData("::1", "::1")]
    [InlineData("1::", "1::")]
    [InlineData("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1")] // lower case, no leading zeros
    [InlineData("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1")]            // tie: the first run is compressed
    [InlineData("1:0:0:2:0:0:0:3", "1:0:0:2::3")]                        // the longest run wins
    [InlineData("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7")]                   // a single zero group is not compressed
    [InlineData("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0")]
    [InlineData("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8")]
    [InlineData("0:0:1:0:0:0:0:0", "0:0:1::")]
    [InlineData("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304")]           // only ::ffff:a.b.c.d keeps the dotted form
    [InlineData("::1.2.3.4", "::102:304")]
    [InlineData("FE80::ABCD", "fe80::abcd")]
    [InlineData("fd00:0::", "fd00::")]
    public void PrintsLikeGo(string text, string printed)
    {
        Assert.Equal(printed, Ip(text).ToString());
    }

    [Theory]
    [InlineData("::ffff:1.2.3.4")]
    [InlineData("::ffff:0.0.0.0")]
    [InlineData("::FFFF:10.48.0.1")]
    public void PrintsIPv4MappedAddressesWithADottedTail(string text)
    {
        // Go netip Addr.String: "if ip.Is4In6() { return ip.string4In6() }" -> "::ffff:" + dotted quad
        // (netip_test.go: "::ffff:192.168.140.255" prints as itself).
        Assert.Equal(text.ToLowerInvariant(), Ip(text).ToString());
    }

    // ---- arithmetic --------------------------------------------------------------------------

    [Theory]
    [InlineData("10.1.2.3", 8, "10.0.0.0")]
    [InlineData("10.1.2.3", 0, "0.0.0.0")]
    [InlineData("10.1.2.3", 32, "10.1.2.3")]
    [InlineData("10.1.2.255", 31, "10.1.2.254")]
    [InlineData("255.255.255.255", 1, "128.0.0.0")]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 64, "2001:db8:ffff:ffff::")]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 63, "2001:db8:ffff:fffe::")]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 65, "2001:db8:ffff:ffff:8000::")]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 127, "2001:db8:ffff:ffff:ffff:ffff:ffff:fffe")]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 128, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("ffff::", 1, "8000::")]
    [InlineData("ffff::1", 0, "::")]
    public void MaskClearsTheHostBits(string text, int prefixLength, string masked)
    {
        Assert.Equal(Ip(masked), Ip(text).Mask(prefixLength));
    }

    [Theory]
    [InlineData("10.0.0.0", 1UL, "10.0.0.1")]
    [InlineData("10.0.0.255", 1UL, "10.0.1.0")]
    [InlineData("10.48.0.0", 256UL, "10.48.1.0")]
    [InlineData("10.0.0.0", 0UL, "10.0.0.0")]
    [InlineData("fd00::", 0x10000UL, "fd00::1:0")]
    [InlineData("::ffff:ffff:ffff:ffff", 1UL, "0:0:0:1::")] // carries into the high 64 bits
    public void AddMovesForward(string start, ulong offset, string expected)
    {
        var result = Ip(start).Add(offset);
        Assert.Equal(Ip(expected), result);
        Assert.Equal(expected, result.ToString());
    }

    [Theory]
    [InlineData("10.0.1.5", "10.0.0.0", 261UL)]
    [InlineData("10.0.0.0", "10.0.0.0", 0UL)]
    [InlineData("fd00::1:0", "fd00::", 0x10000UL)]
    [InlineData("0:0:0:1::", "::ffff:ffff:ffff:ffff", 1UL)] // across the 64-bit halves
    public void OffsetFromIsTheDistance(string address, string start, ulong offset)
    {
        Assert.Equal(offset, Ip(address).OffsetFrom(Ip(start)));
        Assert.Equal(Ip(address), Ip(start).Add(offset));
    }

    // ---- BigInteger round trip ---------------------------------------------------------------

    [Theory]
    [InlineData("10.0.0.1", "167772161")]
    [InlineData("0.0.0.0", "0")]
    [InlineData("255.255.255.255", "4294967295")]
    [InlineData("2001:db8::1", "42540766411282592856903984951653826561")]
    [InlineData("::", "0")]
    [InlineData("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "340282366920938463463374607431768211455")]
    [InlineData("::1:0:0:0:0", "18446744073709551616")] // 2^64
    public void BigIntegerRoundTrips(string text, string number)
    {
        var ip = Ip(text);
        var value = BigInteger.Parse(number);
        Assert.Equal(value, ip.ToBigInteger());
        Assert.Equal(ip, IpAddress.FromBigInteger(value, ip.IsIPv6));
    }

    [Theory]
    [InlineData("4294967296", false)]                       // 2^32 for IPv4
    [InlineData("-1", false)]
    [InlineData("-1", true)]
    [InlineData("340282366920938463463374607431768211456", true)] // 2^128
    public void FromBigIntegerRefusesValuesOutsideTheFamily(string number, bool isIPv6)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IpAddress.FromBigInteger(BigInteger.Parse(number), isIPv6));
    }

    // ---- equality and order ------------------------------------------------------------------

    [Fact]
    public void FamiliesAreNeverEqual()
    {
        Assert.NotEqual(Ip("0.0.0.1"), Ip("::1"));
        Assert.True(Ip("0.0.0.1") != Ip("::1"));
        Assert.NotEqual(IpAddress.FromIPv4(0), IpAddress.FromIPv6(0, 0));
    }

    [Fact]
    public void EqualAddressesHaveEqualHashes()
    {
        Assert.Equal(Ip("2001:db8::1"), Ip("2001:0DB8:0:0::1"));
        Assert.Equal(Ip("2001:db8::1").GetHashCode(), Ip("2001:0DB8:0:0::1").GetHashCode());
        Assert.True(Ip("10.0.0.1").Equals((object)Ip("10.0.0.1")));
    }

    [Fact]
    public void IPv4SortsBeforeIPv6ThenNumerically()
    {
        Assert.True(Ip("255.255.255.255").CompareTo(Ip("::")) < 0);
        Assert.True(Ip("::").CompareTo(Ip("255.255.255.255")) > 0);
        Assert.True(Ip("10.0.0.2").CompareTo(Ip("10.0.0.10")) < 0);
        Assert.True(Ip("::1:0:0:0:0").CompareTo(Ip("::ffff:ffff:ffff:ffff")) > 0);
        Assert.Equal(0, Ip("fd00::").CompareTo(Ip("fd00:0::")));
    }
}

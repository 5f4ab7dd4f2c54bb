using System;
using System.Numerics;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Tests.Net;

/// <summary>
/// Cidr reads CIDRs as Go's net.ParseCIDR does (what Calico's cnet.ParseCIDR wraps):
/// the address through netip.ParseAddr with no zone, the length through net's dtoi (decimal
/// digits only, at least one, value within the family's bits).
/// </summary>
public sealed class CidrTests
{
    private static Cidr C(string text) => Cidr.Parse(text);

    private static IpAddress Ip(string text) => IpAddress.Parse(text);

    // ---- parsing -----------------------------------------------------------------------------

    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0", 8, false)]
    [InlineData("10.0.0.1/16", "10.0.0.1", 16, false)]
    [InlineData("0.0.0.0/0", "0.0.0.0", 0, false)]
    [InlineData("10.48.0.1/32", "10.48.0.1", 32, false)]
    [InlineData("fd00::/64", "fd00::", 64, true)]
    [InlineData("::/0", "::", 0, true)]
    [InlineData("::1/128", "::1", 128, true)]
    [InlineData("FD00:0::/64", "fd00::", 64, true)]
    public void ParsesAddressAndLength(string text, string address, int prefixLength, bool isIPv6)
    {
        var cidr = C(text);
        Assert.Equal(Ip(address), cidr.Address);
        Assert.Equal(prefixLength, cidr.PrefixLength);
        Assert.Equal(isIPv6, cidr.IsIPv6);
        Assert.Equal(isIPv6 ? 128 : 32, cidr.BitLength);
    }

    [Theory]
    [InlineData("10.0.0.0")]           // no "/": net.ParseCIDR needs one
    [InlineData("10.0.0.0/")]          // dtoi: no digits
    [InlineData("10.0.0.0/33")]        // n > ipAddr.BitLen()
    [InlineData("::/129")]
    [InlineData("10.0.0.0/a")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/+8")]
    [InlineData("10.0.0.0/ 8")]
    [InlineData("10.0.0.0/8 ")]        // i != len(mask)
    [InlineData("10.0.0.0/8/8")]
    [InlineData("10.0.0.0/0x8")]
    [InlineData("10.0.0.0/99999999999")] // dtoi gives up at 0xFFFFFF
    [InlineData("/8")]
    [InlineData("10.0.01.0/24")]       // netip: leading zero
    [InlineData("10.0.0/24")]
    [InlineData("fe80::1%eth0/64")]    // net.ParseCIDR: ipAddr.Zone() != "" is an error
    [InlineData("")]
    [InlineData(null)]
    public void RejectsWhatGoRejects(string? text)
    {
        Assert.False(Cidr.TryParse(text, out _));
        if (text is not null)
        {
            Assert.Throws<FormatException>(() => Cidr.Parse(text));
        }
    }

    [Theory]
    [InlineData("10.0.0.0/08", 8)]
    [InlineData("10.0.0.0/008", 8)]
    [InlineData("fd00::/064", 64)]
    public void PrefixLengthMayHaveLeadingZeros(string text, int prefixLength)
    {
        // Go net.ParseCIDR reads the length with dtoi (src/net/parse.go), which accepts leading
        // zeros; only netip.ParsePrefix refuses them.
        Assert.Equal(prefixLength, C(text).PrefixLength);
    }

    [Fact]
    public void PrefixLengthHasNoDigitCountLimitInGo()
    {
        // dtoi stops only when the value reaches 0xFFFFFF, so "0000008" is 8 for Go.
        Assert.True(Cidr.TryParse("10.0.0.0/0000008", out var cidr));
        Assert.Equal(8, cidr.PrefixLength);
    }

    // ---- network, masking, printing ----------------------------------------------------------

    [Theory]
    [InlineData("10.0.0.1/16", "10.0.0.0/16", false)]
    [InlineData("10.0.0.0/16", "10.0.0.0/16", true)]
    [InlineData("fd5f::1/123", "fd5f::/123", false)]
    [InlineData("192.168.1.77/0", "0.0.0.0/0", false)]
    [InlineData("10.0.0.7/32", "10.0.0.7/32", true)]
    public void MaskedClearsHostBits(string text, string masked, bool strictlyMasked)
    {
        var cidr = C(text);
        Assert.Equal(strictlyMasked, cidr.IsStrictlyMasked);
        Assert.Equal(masked, cidr.Masked.ToString());
        Assert.Equal(C(masked).Address, cidr.Network);
        Assert.True(cidr.Masked.IsStrictlyMasked);
    }

    [Theory]
    [InlineData("10.0.0.1/16", "10.0.0.1/16")] // the address as written
    [InlineData("FD00:0::/64", "fd00::/64")]
    [InlineData("2001:DB8:0:0:1:0:0:0/112", "2001:db8:0:0:1::/112")]
    [InlineData("10.0.0.0/08", "10.0.0.0/8")]
    public void PrintsAddressSlashLength(string text, string printed)
    {
        Assert.Equal(printed, C(text).ToString());
    }

    [Theory]
    [InlineData("10.0.0.0/24", "256")]
    [InlineData("10.0.0.0/32", "1")]
    [InlineData("0.0.0.0/0", "4294967296")]
    [InlineData("fd00::/122", "64")]
    [InlineData("::/0", "340282366920938463463374607431768211456")]
    public void SizeIsTwoToTheHostBits(string text, string size)
    {
        Assert.Equal(BigInteger.Parse(size), C(text).Size);
    }

    [Fact]
    public void ConstructorRefusesALengthOutsideTheFamily()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Cidr(Ip("10.0.0.0"), 33));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Cidr(Ip("10.0.0.0"), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Cidr(Ip("::"), 129));
        Assert.Equal(128, new Cidr(Ip("::"), 128).PrefixLength);
    }

    // ---- Contains ----------------------------------------------------------------------------

    [Theory]
    [InlineData("10.0.0.0/24", "10.0.0.0", true)]
    [InlineData("10.0.0.0/24", "10.0.0.255", true)]
    [InlineData("10.0.0.0/24", "10.0.1.0", false)]
    [InlineData("10.0.0.0/24", "9.255.255.255", false)]
    [InlineData("10.0.0.1/24", "10.0.0.200", true)] // host bits in the CIDR do not matter
    [InlineData("0.0.0.0/0", "255.255.255.255", true)]
    [InlineData("10.0.0.7/32", "10.0.0.7", true)]
    [InlineData("10.0.0.7/32", "10.0.0.8", false)]
    [InlineData("fd00::/64", "fd00::ffff:ffff:ffff:ffff", true)]
    [InlineData("fd00::/64", "fd00:0:0:1::", false)]
    [InlineData("0.0.0.0/0", "::", false)]          // families never mix
    [InlineData("::/0", "10.0.0.1", false)]
    [InlineData("::/96", "0.0.0.1", false)]
    public void ContainsTestsMembership(string cidr, string address, bool contains)
    {
        Assert.Equal(contains, C(cidr).Contains(Ip(address)));
    }

    // ---- Overlaps (Calico's IsNetOverlap: either contains the other) --------------------------

    [Theory]
    [InlineData("10.0.0.0/16", "10.0.5.0/24", true)]
    [InlineData("10.0.0.0/16", "10.0.0.0/16", true)]
    [InlineData("10.0.0.0/17", "10.0.1.0/24", true)]
    [InlineData("10.0.0.0/17", "10.0.128.0/24", false)]
    [InlineData("10.0.0.0/24", "10.0.1.0/24", false)] // adjacent
    [InlineData("0.0.0.0/0", "192.168.0.0/16", true)]
    [InlineData("169.0.0.0/8", "169.254.0.0/16", true)]
    [InlineData("10.0.0.1/16", "10.0.200.0/24", true)] // compared by network, not by the written address
    [InlineData("fe80::/10", "fe80::/64", true)]
    [InlineData("fe80::/10", "fec0::/64", false)]
    [InlineData("0.0.0.0/0", "::/0", false)]          // different families never overlap
    public void OverlapsIsSymmetric(string a, string b, bool overlaps)
    {
        Assert.Equal(overlaps, C(a).Overlaps(C(b)));
        Assert.Equal(overlaps, C(b).Overlaps(C(a)));
    }

    // ---- equality and order ------------------------------------------------------------------

    [Fact]
    public void EqualityUsesTheAddressAsWritten()
    {
        Assert.NotEqual(C("10.0.0.1/16"), C("10.0.0.0/16"));
        Assert.Equal(C("10.0.0.1/16").Masked, C("10.0.0.0/16"));
        Assert.True(C("fd00::/64") == C("FD00:0::/64"));
        Assert.True(C("10.0.0.0/16") != C("10.0.0.0/17"));
        Assert.Equal(C("fd00::/64").GetHashCode(), C("FD00:0::/64").GetHashCode());
        Assert.True(C("10.0.0.0/16").Equals((object)C("10.0.0.0/16")));
    }

    [Fact]
    public void OrdersByAddressThenLength()
    {
        Assert.True(C("10.0.0.0/8").CompareTo(C("10.0.0.0/16")) < 0);
        Assert.True(C("10.0.0.0/16").CompareTo(C("9.0.0.0/8")) > 0);
        Assert.True(C("255.0.0.0/8").CompareTo(C("::/0")) < 0);
        Assert.Equal(0, C("fd00::/64").CompareTo(C("fd00:0::/64")));
    }
}

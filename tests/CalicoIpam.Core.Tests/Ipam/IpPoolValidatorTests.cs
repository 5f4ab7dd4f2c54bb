using System;
using System.Linq;
using CalicoIpam.Core.Ipam;

namespace CalicoIpam.Core.Tests.Ipam;

/// <summary>
/// One test (or theory row) per IPPool rule of calico-routes-validation.md §1.4, asserting the
/// whole message Calico v3.29 prints: libcalico-go/lib/clientv3/ippool.go validateAndSetDefaults
/// (stage 1), then libcalico-go/lib/validator/v3/validator.go Validate (stage 2), formatted by
/// libcalico-go/lib/errors/errors.go (ErroredField.String, ErrorValidation.Error).
/// </summary>
public sealed class IpPoolValidatorTests
{
    private const string TooSmall =
        "IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size.";

    private const string NameFormatReason =
        "name must consist of lower case alphanumeric characters, '-' or '.' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)";

    private static IpPool Create(string name, IpPoolSpec spec, params IpPool[] existing) =>
        IpPoolValidator.ValidateCreate(name, spec, existing);

    private static IpPool Pool(string name, string cidr, int blockSize = 0) =>
        Create(name, new IpPoolSpec { Cidr = cidr, BlockSize = blockSize });

    private static string RejectCreate(string name, IpPoolSpec spec, params IpPool[] existing) =>
        Assert.Throws<CalicoValidationException>(() => IpPoolValidator.ValidateCreate(name, spec, existing)).Message;

    private static string RejectCreate(IpPoolSpec spec) => RejectCreate("new-pool", spec);

    private static string RejectUpdate(IpPool old, IpPoolSpec spec) =>
        Assert.Throws<CalicoValidationException>(() => IpPoolValidator.ValidateUpdate(old, spec)).Message;

    // ---- rule 1: empty CIDR (early return, ErroredField without a value) ----------------------

    [Fact]
    public void EmptyCidrIsMustBeSpecifiedWithNoValue()
    {
        var ex = Assert.Throws<CalicoValidationException>(() => Create("p", new IpPoolSpec { Cidr = "" }));
        Assert.Equal("error with field IPPool.Spec.CIDR (IPPool CIDR must be specified)", ex.Message);
        var field = Assert.Single(ex.Fields);
        Assert.Null(field.Value);
        Assert.Equal("IPPool", ex.Kind);
    }

    [Fact]
    public void EmptyCidrReturnsEarlyBeforeOtherChecks()
    {
        // Calico returns at once: the bad block size and the double encapsulation are not reported.
        Assert.Equal(
            "error with field IPPool.Spec.CIDR (IPPool CIDR must be specified)",
            RejectCreate(new IpPoolSpec { Cidr = "", BlockSize = 5, IpipMode = "Always", VxlanMode = "Always" }));
    }

    // ---- rule 2: unparsable CIDR (early return, value = raw input) -----------------------------

    [Theory]
    [InlineData("10.0.1.0/33")]     // worked result in §1.4 (calicoctl test: "CIDR = '10.0.1.0/33'")
    [InlineData("10.0.1.0")]        // no prefix length
    [InlineData("10.0.1.0/")]       // empty prefix length
    [InlineData("10.0.256.0/24")]   // octet > 255
    [InlineData("10.0.01.0/24")]    // leading zero: Go netip.ParseAddr "IPv4 field has octet with leading zero"
    [InlineData("10.0.0/24")]       // three fields
    [InlineData("fd00::/129")]      // IPv6 prefix > 128
    [InlineData("fe80::1%eth0/64")] // zone: net.ParseCIDR refuses ipAddr.Zone() != ""
    [InlineData("not-a-cidr")]
    public void UnparsableCidrIsMustBeAValidSubnetWithRawValue(string cidr)
    {
        Assert.Equal(
            $"error with field IPPool.Spec.CIDR = '{cidr}' (IPPool CIDR must be a valid subnet)",
            RejectCreate(new IpPoolSpec { Cidr = cidr }));
    }

    [Fact]
    public void UnparsableCidrReturnsEarlyBeforeOtherChecks()
    {
        Assert.Equal(
            "error with field IPPool.Spec.CIDR = '10.0.1.0/33' (IPPool CIDR must be a valid subnet)",
            RejectCreate(new IpPoolSpec { Cidr = "10.0.1.0/33", BlockSize = 5, IpipMode = "Always", VxlanMode = "Always" }));
    }

    // ---- rule 3: CIDR modified on update ------------------------------------------------------

    [Fact]
    public void ChangingTheCidrOnUpdateIsRejected()
    {
        var old = Pool("p", "10.0.0.0/16");
        Assert.Equal(
            "error with field IPPool.Spec.CIDR = '10.1.0.0/16' (IPPool CIDR cannot be modified)",
            RejectUpdate(old, old.ToSpec() with { Cidr = "10.1.0.0/16" }));
    }

    [Fact]
    public void ChangingOnlyThePrefixLengthOnUpdateIsRejected()
    {
        var old = Pool("p", "10.0.0.0/16");
        Assert.Equal(
            "error with field IPPool.Spec.CIDR = '10.0.0.0/17' (IPPool CIDR cannot be modified)",
            RejectUpdate(old, old.ToSpec() with { Cidr = "10.0.0.0/17" }));
    }

    [Theory]
    [InlineData("fd00::/64", "FD00:0:0::/64")]
    [InlineData("fd00::/64", "fd00:0000:0000:0000:0000:0000:0000:0000/64")]
    [InlineData("10.0.0.0/16", "10.0.0.0/016")] // Go net.ParseCIDR reads the length with dtoi, which allows leading zeros
    public void TheSameNetworkWrittenDifferentlyIsNotAModification(string stored, string written)
    {
        // The new CIDR is normalised (cidr.String()) before the comparison with the stored one.
        var old = Pool("p", stored);
        var updated = IpPoolValidator.ValidateUpdate(old, old.ToSpec() with { Cidr = written });
        Assert.Equal(stored, updated.Cidr);
    }

    // ---- rule 5: blockSize modified on update -------------------------------------------------

    [Fact]
    public void ChangingTheBlockSizeOnUpdateIsRejected()
    {
        var old = Pool("p", "10.0.0.0/16");
        Assert.Equal(
            "error with field IPPool.Spec.BlockSize = '24' (IPPool BlockSize cannot be modified)",
            RejectUpdate(old, old.ToSpec() with { BlockSize = 24 }));
    }

    [Fact]
    public void AnUnsetBlockSizeOnUpdateDefaultsToTheSameValue()
    {
        var old = Pool("p", "10.0.0.0/16");
        var updated = IpPoolValidator.ValidateUpdate(old, old.ToSpec() with { BlockSize = 0 });
        Assert.Equal(26, updated.BlockSize);
    }

    [Fact]
    public void ChangingBothCidrAndBlockSizeReportsBothInCodeOrder()
    {
        var old = Pool("p", "10.0.0.0/16");
        Assert.Equal(
            "error with the following fields:\n" +
            "-  IPPool.Spec.CIDR = '10.1.0.0/16' (IPPool CIDR cannot be modified)\n" +
            "-  IPPool.Spec.BlockSize = '24' (IPPool BlockSize cannot be modified)\n",
            RejectUpdate(old, old.ToSpec() with { Cidr = "10.1.0.0/16", BlockSize = 24 }));
    }

    // ---- rule 6 / 6': block size ranges ------------------------------------------------------

    [Theory]
    [InlineData(19, "10.0.0.0/16")]
    [InlineData(33, "10.0.0.0/16")]
    [InlineData(1, "0.0.0.0/1")] // a /1 so that the pool is not also "too small" for the block
    public void IPv4BlockSizeOutsideTwentyToThirtyTwoIsRejected(int blockSize, string cidr)
    {
        Assert.Equal(
            $"error with field IPPool.Spec.BlockSize = '{blockSize}' (IPv4 block size must be between 20 and 32)",
            RejectCreate(new IpPoolSpec { Cidr = cidr, BlockSize = blockSize }));
    }

    [Fact]
    public void ANegativeBlockSizeIsOutOfRangeAndTooSmall()
    {
        // Any prefix is longer than -1, so the "too small" rule fires as well.
        Assert.Equal(
            "error with the following fields:\n" +
            "-  IPPool.Spec.BlockSize = '-1' (IPv4 block size must be between 20 and 32)\n" +
            $"-  IPPool.Spec.CIDR = '10.0.0.0/16' ({TooSmall})\n",
            RejectCreate(new IpPoolSpec { Cidr = "10.0.0.0/16", BlockSize = -1 }));
    }

    [Theory]
    [InlineData(20)]
    [InlineData(26)]
    [InlineData(32)]
    public void IPv4BlockSizeWithinRangeIsAccepted(int blockSize)
    {
        Assert.Equal(blockSize, Create("p", new IpPoolSpec { Cidr = "10.0.0.0/16", BlockSize = blockSize }).BlockSize);
    }

    [Theory]
    [InlineData(115)]
    [InlineData(129)]
    public void IPv6BlockSizeOutsideRangeIsRejected(int blockSize)
    {
        Assert.Equal(
            $"error with field IPPool.Spec.BlockSize = '{blockSize}' (IPv6 block size must be between 116 and 128)",
            RejectCreate(new IpPoolSpec { Cidr = "fd00::/64", BlockSize = blockSize }));
    }

    [Theory]
    [InlineData(116)]
    [InlineData(122)]
    [InlineData(128)]
    public void IPv6BlockSizeWithinRangeIsAccepted(int blockSize)
    {
        Assert.Equal(blockSize, Create("p", new IpPoolSpec { Cidr = "fd00::/64", BlockSize = blockSize }).BlockSize);
    }

    [Fact]
    public void IPv4BlockSizeOf33OnASmallPoolIsOnlyARangeError()
    {
        // prefix 30 <= 33, so the "too small" rule does not fire with the bad block size.
        Assert.Equal(
            "error with field IPPool.Spec.BlockSize = '33' (IPv4 block size must be between 20 and 32)",
            RejectCreate(new IpPoolSpec { Cidr = "10.0.0.0/30", BlockSize = 33 }));
    }

    // ---- rule 7: pool smaller than a block --------------------------------------------------

    [Theory]
    [InlineData("10.200.0.0/28", 0)]   // §1.4 worked result (observed + test)
    [InlineData("192.168.0.0/27", 0)]  // §1.4 [test]
    [InlineData("10.0.250.0/32", 0)]   // §1.4 [test]
    [InlineData("::/128", 0)]          // §1.4 [test]: blockSize defaults to 122
    [InlineData("10.0.0.0/25", 24)]
    public void PoolSmallerThanABlockIsTooSmall(string cidr, int blockSize)
    {
        Assert.Equal(
            $"error with field IPPool.Spec.CIDR = '{cidr}' ({TooSmall})",
            RejectCreate(new IpPoolSpec { Cidr = cidr, BlockSize = blockSize }));
    }

    [Fact]
    public void PoolExactlyOneBlockIsNotTooSmall()
    {
        Assert.Equal("10.0.0.0/26", Pool("p", "10.0.0.0/26").Cidr);
    }

    [Theory]
    [InlineData("10.200.0.0/28")]
    [InlineData("::/128")]
    public void TooSmallIsSkippedForADisabledPool(string cidr)
    {
        var pool = Create("p", new IpPoolSpec { Cidr = cidr, Disabled = true });
        Assert.True(pool.Disabled);
        Assert.Equal(cidr, pool.Cidr);
    }

    // ---- rule 8: overlap with other pools (create only) ---------------------------------------

    [Fact]
    public void OverlapWithOnePoolNamesBothPoolsAndTheOtherCidr()
    {
        var existing = Pool("default-ipv4-ippool", "10.0.0.0/16");
        Assert.Equal(
            "error with field IPPool.Spec.CIDR = '10.0.0.0/24' (IPPool(new-pool) CIDR overlaps with IPPool(default-ipv4-ippool) CIDR 10.0.0.0/16)",
            RejectCreate("new-pool", new IpPoolSpec { Cidr = "10.0.0.0/24" }, existing));
    }

    [Fact]
    public void OverlapIsReportedOncePerOverlappedPoolInNameOrder()
    {
        // A /17 over two /24s: two lines, the pools sorted by name whatever order they come in.
        var b = Pool("pool-b", "10.0.1.0/24");
        var a = Pool("pool-a", "10.0.0.0/24");
        var unrelated = Pool("pool-c", "10.200.0.0/24");
        Assert.Equal(
            "error with the following fields:\n" +
            "-  IPPool.Spec.CIDR = '10.0.0.0/17' (IPPool(wide) CIDR overlaps with IPPool(pool-a) CIDR 10.0.0.0/24)\n" +
            "-  IPPool.Spec.CIDR = '10.0.0.0/17' (IPPool(wide) CIDR overlaps with IPPool(pool-b) CIDR 10.0.1.0/24)\n",
            RejectCreate("wide", new IpPoolSpec { Cidr = "10.0.0.0/17" }, b, unrelated, a));
    }

    [Fact]
    public void OverlapOrderIsOrdinalNotCultural()
    {
        // Ordinal (byte) order puts "pool-10" before "pool-9" and both before "pool-a".
        var p9 = Pool("pool-9", "10.0.9.0/24");
        var pa = Pool("pool-a", "10.0.10.0/24");
        var p10 = Pool("pool-10", "10.0.1.0/24");
        var ex = Assert.Throws<CalicoValidationException>(() =>
            Create("wide", new IpPoolSpec { Cidr = "10.0.0.0/16" }, pa, p9, p10));
        Assert.Equal(
            new[]
            {
                "IPPool(wide) CIDR overlaps with IPPool(pool-10) CIDR 10.0.1.0/24",
                "IPPool(wide) CIDR overlaps with IPPool(pool-9) CIDR 10.0.9.0/24",
                "IPPool(wide) CIDR overlaps with IPPool(pool-a) CIDR 10.0.10.0/24",
            },
            ex.Fields.Select(f => f.Reason).ToArray());
    }

    [Fact]
    public void ANewPoolInsideAnExistingOneOverlaps()
    {
        var existing = Pool("big", "10.0.0.0/8");
        Assert.Equal(
            "error with field IPPool.Spec.CIDR = '10.5.0.0/24' (IPPool(small) CIDR overlaps with IPPool(big) CIDR 10.0.0.0/8)",
            RejectCreate("small", new IpPoolSpec { Cidr = "10.5.0.0/24" }, existing));
    }

    [Fact]
    public void AdjacentPoolsAndOtherFamiliesDoNotOverlap()
    {
        var a = Pool("a", "10.0.0.0/24");
        // ::/0 could not pass validation (it covers fe80::/10), so build the record directly.
        var v6 = new IpPool { Name = "v6", Network = CalicoIpam.Core.Net.Cidr.Parse("::/0"), BlockSize = 122 };
        var b = Create("b", new IpPoolSpec { Cidr = "10.0.1.0/24" }, a, v6);
        Assert.Equal("10.0.1.0/24", b.Cidr);
    }

    [Fact]
    public void APoolWithTheSameNameIsSkippedInTheOverlapCheck()
    {
        // So that an apply of an existing pool reaches the AlreadyExists -> Update path.
        var existing = Pool("default-ipv4-ippool", "10.0.0.0/16");
        var again = Create("default-ipv4-ippool", new IpPoolSpec { Cidr = "10.0.0.0/16" }, existing);
        Assert.Equal("10.0.0.0/16", again.Cidr);
    }

    [Fact]
    public void OverlapIsNotCheckedOnUpdate()
    {
        var existing = Pool("default-ipv4-ippool", "10.0.0.0/16");
        var other = Pool("other", "10.0.0.0/24");
        // As a create, "other" collides with the default pool...
        Assert.Throws<CalicoValidationException>(() => Create("other", other.ToSpec(), existing));
        // ...but an update of "other" (overlap is a create-only rule) passes.
        var updated = IpPoolValidator.ValidateUpdate(other, other.ToSpec() with { NatOutgoing = true });
        Assert.True(updated.NatOutgoing);
        Assert.Equal("10.0.0.0/24", updated.Cidr);
    }

    // ---- rule 9 / 10: encapsulation --------------------------------------------------------

    [Fact]
    public void VxlanAndIpipTogetherAreRejectedOnTheVxlanField()
    {
        Assert.Equal(
            "error with field IPPool.Spec.VXLANMode = 'Always' (Cannot enable both VXLAN and IPIP on the same IPPool)",
            RejectCreate(new IpPoolSpec { Cidr = "10.0.0.0/16", VxlanMode = "Always", IpipMode = "CrossSubnet" }));
    }

    [Fact]
    public void VxlanAndIpipCheckComparesAgainstExactlyNever()
    {
        // Stage 1 compares the raw strings with "Never", so lower-case values count as "enabled".
        Assert.Equal(
            "error with field IPPool.Spec.VXLANMode = 'always' (Cannot enable both VXLAN and IPIP on the same IPPool)",
            RejectCreate(new IpPoolSpec { Cidr = "10.0.0.0/16", VxlanMode = "always", IpipMode = "always" }));
    }

    [Theory]
    [InlineData("Always")]
    [InlineData("CrossSubnet")]
    public void IpipOnAnIPv6PoolIsRejected(string mode)
    {
        Assert.Equal(
            $"error with field IPPool.Spec.IPIPMode = '{mode}' (IPIP is not supported on an IPv6 IP pool)",
            RejectCreate(new IpPoolSpec { Cidr = "fd00::/64", IpipMode = mode }));
    }

    [Fact]
    public void VxlanOnAnIPv6PoolIsAccepted()
    {
        var pool = Create("p", new IpPoolSpec { Cidr = "fd00::/64", VxlanMode = "Always" });
        Assert.Equal(EncapsulationMode.Always, pool.VxlanMode);
    }

    [Fact]
    public void BothEncapsulationsOnIPv6GiveBothErrors()
    {
        Assert.Equal(
            "error with the following fields:\n" +
            "-  IPPool.Spec.VXLANMode = 'Always' (Cannot enable both VXLAN and IPIP on the same IPPool)\n" +
            "-  IPPool.Spec.IPIPMode = 'Always' (IPIP is not supported on an IPv6 IP pool)\n",
            RejectCreate(new IpPoolSpec { Cidr = "fd00::/64", VxlanMode = "Always", IpipMode = "Always" }));
    }

    // ---- rule 11: host bits set ----------------------------------------------------------------

    [Theory]
    [InlineData("10.0.0.1/16", 0, "10.0.0.0/16")]
    [InlineData("fd5f::1/123", 123, "fd5f::/123")] // calicoctl test_crud.py pool-invalidNet8 expects 'fd5f::/123'
    [InlineData("192.168.1.1/24", 0, "192.168.1.0/24")]
    public void HostBitsSetIsNotStrictlyMaskedAndShowsTheMaskedCidr(string cidr, int blockSize, string masked)
    {
        Assert.Equal(
            $"error with field IPPool.Spec.CIDR = '{masked}' (IPPool CIDR is not strictly masked)",
            RejectCreate(new IpPoolSpec { Cidr = cidr, BlockSize = blockSize }));
    }

    [Fact]
    public void HostBitsOnATooSmallIPv6PoolGiveTwoLines()
    {
        // fd5f::1/123 with the default block size 122 is also too small.
        Assert.Equal(
            "error with the following fields:\n" +
            $"-  IPPool.Spec.CIDR = 'fd5f::/123' ({TooSmall})\n" +
            "-  IPPool.Spec.CIDR = 'fd5f::/123' (IPPool CIDR is not strictly masked)\n",
            RejectCreate(new IpPoolSpec { Cidr = "fd5f::1/123" }));
    }

    [Fact]
    public void WorkedMultiErrorExampleFromTheReference()
    {
        // §1.4 worked results: cidr 10.0.0.1/28, default blockSize 26.
        Assert.Equal(
            "error with the following fields:\n" +
            "-  IPPool.Spec.CIDR = '10.0.0.0/28' (IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size.)\n" +
            "-  IPPool.Spec.CIDR = '10.0.0.0/28' (IPPool CIDR is not strictly masked)\n",
            RejectCreate(new IpPoolSpec { Cidr = "10.0.0.1/28" }));
    }

    // ---- rule 12 / 12': link-local ranges ----------------------------------------------------

    [Theory]
    [InlineData("169.254.0.0/16")] // the range itself
    [InlineData("169.0.0.0/8")]    // a network containing it
    [InlineData("169.254.1.0/24")] // a network inside it
    [InlineData("0.0.0.0/0")]
    public void IPv4LinkLocalOverlapIsRejected(string cidr)
    {
        Assert.Equal(
            $"error with field IPPool.Spec.CIDR = '{cidr}' (IPPool CIDR overlaps with IPv4 Link Local range 169.254.0.0/16)",
            RejectCreate(new IpPoolSpec { Cidr = cidr }));
    }

    [Theory]
    [InlineData("169.253.0.0/16")]
    [InlineData("169.255.0.0/16")]
    public void NeighboursOfIPv4LinkLocalAreAccepted(string cidr)
    {
        Assert.Equal(cidr, Pool("p", cidr).Cidr);
    }

    [Theory]
    [InlineData("fe80::/64")]
    [InlineData("fe80::/10")]
    [InlineData("febf:ffff::/32")]
    [InlineData("fe00::/7")]
    public void IPv6LinkLocalOverlapIsRejected(string cidr)
    {
        Assert.Equal(
            $"error with field IPPool.Spec.CIDR = '{cidr}' (IPPool CIDR overlaps with IPv6 Link Local range fe80::/10)",
            RejectCreate(new IpPoolSpec { Cidr = cidr }));
    }

    [Theory]
    [InlineData("fec0::/64")] // first network after fe80::/10 (fe80-febf)
    [InlineData("fe7f::/16")] // just before it
    public void NeighboursOfIPv6LinkLocalAreAccepted(string cidr)
    {
        Assert.Equal(cidr, Pool("p", cidr).Cidr);
    }

    [Theory]
    [InlineData("127.0.0.0/8", 0)]
    [InlineData("224.0.0.0/4", 0)]
    [InlineData("239.0.0.0/8", 0)]
    [InlineData("::1/128", 128)]
    [InlineData("ff00::/8", 0)]
    public void LoopbackAndMulticastAreAccepted(string cidr, int blockSize)
    {
        // §1.4: Calico has no loopback or multicast check (checklist item 15).
        Assert.Equal(cidr, Pool("p", cidr, blockSize).Cidr);
    }

    // ---- defaults and canonical storage ----------------------------------------------------

    [Fact]
    public void IPv4DefaultsMatchCalico()
    {
        var pool = Create("p", new IpPoolSpec { Cidr = "10.0.0.0/16" });
        Assert.Equal("p", pool.Name);
        Assert.Equal("10.0.0.0/16", pool.Cidr);
        Assert.Equal(26, pool.BlockSize);
        Assert.Equal("all()", pool.NodeSelector);
        Assert.Equal(new[] { IpPoolAllowedUse.Workload, IpPoolAllowedUse.Tunnel }, pool.AllowedUses);
        Assert.Equal(EncapsulationMode.Never, pool.IpipMode);
        Assert.Equal(EncapsulationMode.Never, pool.VxlanMode);
        Assert.Equal(AssignmentMode.Automatic, pool.AssignmentMode);
        Assert.False(pool.NatOutgoing);
        Assert.False(pool.Disabled);
        Assert.False(pool.DisableBgpExport);
        Assert.False(pool.IsIPv6);
    }

    [Fact]
    public void IPv6DefaultBlockSizeIs122()
    {
        var pool = Create("p", new IpPoolSpec { Cidr = "fd00::/64" });
        Assert.Equal(122, pool.BlockSize);
        Assert.True(pool.IsIPv6);
        Assert.Equal(new[] { IpPoolAllowedUse.Workload, IpPoolAllowedUse.Tunnel }, pool.AllowedUses);
    }

    [Fact]
    public void ExplicitValuesAreKept()
    {
        var pool = Create("p", new IpPoolSpec
        {
            Cidr = "10.0.0.0/16",
            BlockSize = 28,
            IpipMode = "CrossSubnet",
            NatOutgoing = true,
            DisableBgpExport = true,
            NodeSelector = "kubernetes.io/os == 'linux'",
            AllowedUses = new[] { "Tunnel" },
            AssignmentMode = "Manual",
        });
        Assert.Equal(28, pool.BlockSize);
        Assert.Equal(EncapsulationMode.CrossSubnet, pool.IpipMode);
        Assert.Equal(EncapsulationMode.Never, pool.VxlanMode);
        Assert.True(pool.NatOutgoing);
        Assert.True(pool.DisableBgpExport);
        Assert.Equal("kubernetes.io/os == 'linux'", pool.NodeSelector);
        Assert.Equal(new[] { IpPoolAllowedUse.Tunnel }, pool.AllowedUses);
        Assert.Equal(AssignmentMode.Manual, pool.AssignmentMode);
    }

    [Theory]
    [InlineData("FD00:0::/64", "fd00::/64")]
    [InlineData("2001:DB8:0:0:1:0:0:0/112", "2001:db8:0:0:1::/112")]
    [InlineData("10.0.0.0/016", "10.0.0.0/16")]
    public void CidrIsStoredInGoCanonicalForm(string written, string stored)
    {
        Assert.Equal(stored, Pool("p", written).Cidr);
    }

    // ---- metadata name (stage 2, validateObjectMeta) ----------------------------------------

    [Theory]
    [InlineData("Default-Pool")]
    [InlineData("my_pool")]
    [InlineData("-pool")]
    [InlineData("pool-")]
    [InlineData("pool..a")]
    [InlineData("pool\n")] // Go's "$" does not match before a final newline
    public void BadNameIsRejectedWithCalicosRegexText(string name)
    {
        Assert.Equal(
            $"error with field Metadata.Name = '{name}' ({NameFormatReason})",
            RejectCreate(name, new IpPoolSpec { Cidr = "10.0.0.0/16" }));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("pool.example.com")]
    [InlineData("0-pool-9")]
    public void GoodNamesAreAccepted(string name)
    {
        Assert.Equal(name, Pool(name, "10.0.0.0/16").Name);
    }

    [Fact]
    public void NameOf253BytesIsAccepted()
    {
        var name = new string('a', 253);
        Assert.Equal(name, Pool(name, "10.0.0.0/16").Name);
    }

    [Fact]
    public void NameOf254BytesIsTooLongByOne()
    {
        var name = new string('a', 254);
        Assert.Equal(
            $"error with field Metadata.Name = '{name}' (name is too long by 1 bytes)",
            RejectCreate(name, new IpPoolSpec { Cidr = "10.0.0.0/16" }));
    }

    [Fact]
    public void LongBadNameGivesLengthThenFormat()
    {
        var name = new string('A', 260);
        Assert.Equal(
            "error with the following fields:\n" +
            $"-  Metadata.Name = '{name}' (name is too long by 7 bytes)\n" +
            $"-  Metadata.Name = '{name}' ({NameFormatReason})\n",
            RejectCreate(name, new IpPoolSpec { Cidr = "10.0.0.0/16" }));
    }

    // ---- field tags (stage 2, extractReason: "Reason: " prefix and a trailing space) ----------

    [Fact]
    public void LowerCaseVxlanModeIsRejectedByTheFieldTag()
    {
        Assert.Equal(
            "error with field VXLANMode = 'always' (Reason: failed to validate Field: VXLANMode because of Tag: vxlanMode )",
            RejectCreate(new IpPoolSpec { Cidr = "10.0.0.0/16", VxlanMode = "always" }));
    }

    [Theory]
    [InlineData("always")]
    [InlineData("crosssubnet")]
    [InlineData("cross-subnet")]
    [InlineData("NEVER")]
    [InlineData("0")] // Enum.TryParse would take a number; Calico's regex does not
    public void IpipModeIsCaseSensitive(string mode)
    {
        Assert.Equal(
            $"error with field IPIPMode = '{mode}' (Reason: failed to validate Field: IPIPMode because of Tag: ipIpMode )",
            RejectCreate(new IpPoolSpec { Cidr = "10.0.0.0/16", IpipMode = mode }));
    }

    [Theory]
    [InlineData("Always")]
    [InlineData("CrossSubnet")]
    [InlineData("Never")]
    public void ExactModeSpellingsAreAccepted(string mode)
    {
        var pool = Create("p", new IpPoolSpec { Cidr = "10.0.0.0/16", VxlanMode = mode });
        Assert.Equal(mode, pool.VxlanMode.ToString());
    }

    [Fact]
    public void BadSelectorIsRejectedByTheSelectorTag()
    {
        Assert.Equal(
            "error with field NodeSelector = 'a = 'b'' (Reason: failed to validate Field: NodeSelector because of Tag: selector )",
            RejectCreate(new IpPoolSpec { Cidr = "10.0.0.0/16", NodeSelector = "a = 'b'" }));
    }

    [Fact]
    public void UnknownAllowedUseIsReportedWithTheWholeList()
    {
        // validateIPPoolSpec: ReportError(reflect.ValueOf(pool.AllowedUses), "IPpool.AllowedUses", ..., "unknown use: X");
        // the value is the slice printed with %v.
        Assert.Equal(
            "error with field IPpool.AllowedUses = '[Workload Bogus]' (unknown use: Bogus)",
            RejectCreate(new IpPoolSpec { Cidr = "10.0.0.0/16", AllowedUses = new[] { "Workload", "Bogus" } }));
    }

    [Fact]
    public void AllowedUsesAreCaseSensitive()
    {
        Assert.Equal(
            "error with field IPpool.AllowedUses = '[workload]' (unknown use: workload)",
            RejectCreate(new IpPoolSpec { Cidr = "10.0.0.0/16", AllowedUses = new[] { "workload" } }));
    }

    [Fact]
    public void StageTwoReportsNameThenFieldTagsInDeclarationOrder()
    {
        // go-playground walks ObjectMeta (and its struct validator) before the spec's fields, and
        // the spec's fields in declaration order: VXLANMode, IPIPMode, NodeSelector. (Only one
        // mode is misspelt: two would already fail stage 1's "both enabled" rule.)
        Assert.Equal(
            "error with the following fields:\n" +
            $"-  Metadata.Name = 'Bad_Name' ({NameFormatReason})\n" +
            "-  VXLANMode = 'never' (Reason: failed to validate Field: VXLANMode because of Tag: vxlanMode )\n" +
            "-  NodeSelector = '&&' (Reason: failed to validate Field: NodeSelector because of Tag: selector )\n",
            RejectCreate("Bad_Name", new IpPoolSpec
            {
                Cidr = "10.0.0.0/16",
                VxlanMode = "never",
                NodeSelector = "&&",
            }));
    }

    [Fact]
    public void IpipModeTagErrorComesBeforeTheSelectorTagError()
    {
        Assert.Equal(
            "error with the following fields:\n" +
            "-  IPIPMode = 'Sometimes' (Reason: failed to validate Field: IPIPMode because of Tag: ipIpMode )\n" +
            "-  NodeSelector = 'a ==' (Reason: failed to validate Field: NodeSelector because of Tag: selector )\n",
            RejectCreate(new IpPoolSpec { Cidr = "10.0.0.0/16", IpipMode = "Sometimes", NodeSelector = "a ==" }));
    }

    [Theory]
    [InlineData("manual")]
    [InlineData("Sometimes")]
    public void AssignmentModeIsCheckedByItsFieldTag(string mode)
    {
        // v3.30+ api: AssignmentMode *AssignmentMode `validate:"omitempty,assignmentMode"`.
        Assert.Equal(
            $"error with field AssignmentMode = '{mode}' (Reason: failed to validate Field: AssignmentMode because of Tag: assignmentMode )",
            RejectCreate(new IpPoolSpec { Cidr = "10.0.0.0/16", AssignmentMode = mode }));
    }

    [Fact]
    public void FieldTagErrorsComeBeforeTheSpecsStructLevelErrors()
    {
        // go-playground validator.v9 validateStruct: "check if any struct level validations, after
        // all field validations already checked". The AssignmentMode tag is a field validation;
        // "unknown use" comes from the struct-level validateIPPoolSpec, so it is reported last.
        Assert.Equal(
            "error with the following fields:\n" +
            "-  AssignmentMode = 'Sometimes' (Reason: failed to validate Field: AssignmentMode because of Tag: assignmentMode )\n" +
            "-  IPpool.AllowedUses = '[Bogus]' (unknown use: Bogus)\n",
            RejectCreate(new IpPoolSpec { Cidr = "10.0.0.0/16", AllowedUses = new[] { "Bogus" }, AssignmentMode = "Sometimes" }));
    }

    [Fact]
    public void EachUnknownAllowedUseIsItsOwnError()
    {
        Assert.Equal(
            "error with the following fields:\n" +
            "-  IPpool.AllowedUses = '[Foo Workload Bar]' (unknown use: Foo)\n" +
            "-  IPpool.AllowedUses = '[Foo Workload Bar]' (unknown use: Bar)\n",
            RejectCreate(new IpPoolSpec { Cidr = "10.0.0.0/16", AllowedUses = new[] { "Foo", "Workload", "Bar" } }));
    }

    // ---- stage order -------------------------------------------------------------------------

    [Fact]
    public void AStageOneErrorHidesStageTwoErrors()
    {
        // Create returns the validateAndSetDefaults error before validator.Validate runs, so the
        // bad name and the bad selector are not mentioned.
        Assert.Equal(
            $"error with field IPPool.Spec.CIDR = '10.0.0.0/28' ({TooSmall})",
            RejectCreate("Bad_Name", new IpPoolSpec { Cidr = "10.0.0.0/28", NodeSelector = "&&" }));
    }

    [Fact]
    public void StageOneErrorsAccumulateInCalicosCodeOrder()
    {
        // Every accumulating rule at once: block size range, too small (prefix 24 > block 19),
        // overlap, VXLAN+IPIP, strict mask, link local. The existing pool is built directly (it
        // could not pass validation itself) so that the overlap rule fires too.
        var other = new IpPool { Name = "other", Network = CalicoIpam.Core.Net.Cidr.Parse("169.254.0.0/16"), BlockSize = 26 };
        Assert.Equal(
            "error with the following fields:\n" +
            "-  IPPool.Spec.BlockSize = '19' (IPv4 block size must be between 20 and 32)\n" +
            $"-  IPPool.Spec.CIDR = '169.254.1.0/24' ({TooSmall})\n" +
            "-  IPPool.Spec.CIDR = '169.254.1.0/24' (IPPool(p) CIDR overlaps with IPPool(other) CIDR 169.254.0.0/16)\n" +
            "-  IPPool.Spec.VXLANMode = 'Always' (Cannot enable both VXLAN and IPIP on the same IPPool)\n" +
            "-  IPPool.Spec.CIDR = '169.254.1.0/24' (IPPool CIDR is not strictly masked)\n" +
            "-  IPPool.Spec.CIDR = '169.254.1.0/24' (IPPool CIDR overlaps with IPv4 Link Local range 169.254.0.0/16)\n",
            RejectCreate("p", new IpPoolSpec
            {
                Cidr = "169.254.1.1/24",
                BlockSize = 19,
                VxlanMode = "Always",
                IpipMode = "Always",
            }, other));
    }

    // ---- ErroredField / CalicoValidationException formatting ---------------------------------

    [Fact]
    public void ErroredFieldPrintsLikeLibcalicoGo()
    {
        Assert.Equal("A.B = 'v' (why)", new ErroredField("A.B", "v", "why").ToString());
        Assert.Equal("A.B (why)", new ErroredField("A.B", null, "why").ToString());
        Assert.Equal("A.B = '' (why)", new ErroredField("A.B", "", "why").ToString());
    }

    [Fact]
    public void ValidationExceptionNeedsAtLeastOneField()
    {
        Assert.Throws<ArgumentException>(() => new CalicoValidationException("IPPool", Array.Empty<ErroredField>()));
    }
}

using System;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Tests.Ipam;

/// <summary>The stored IPPool record: its spec round trip, defaults and snapshot semantics.</summary>
public sealed class IpPoolTests
{
    [Fact]
    public void DefaultAllowedUsesAreWorkloadThenTunnel()
    {
        // libcalico-go clientv3 ippool.go: []IPPoolAllowedUse{Workload, Tunnel}, in this order.
        Assert.Equal(new[] { IpPoolAllowedUse.Workload, IpPoolAllowedUse.Tunnel }, IpPool.DefaultAllowedUses);
    }

    [Fact]
    public void CidrIsTheNetworksText()
    {
        var pool = new IpPool { Name = "p", Network = Cidr.Parse("fd00:0::/64"), BlockSize = 122 };
        Assert.Equal("fd00::/64", pool.Cidr);
        Assert.True(pool.IsIPv6);
    }

    [Fact]
    public void RecordDefaultsMatchCalicosStoredDefaults()
    {
        var pool = new IpPool { Name = "p", Network = Cidr.Parse("10.0.0.0/16"), BlockSize = 26 };
        Assert.Equal("all()", pool.NodeSelector);
        Assert.Equal(new[] { IpPoolAllowedUse.Workload, IpPoolAllowedUse.Tunnel }, pool.AllowedUses);
        Assert.Equal(EncapsulationMode.Never, pool.IpipMode);
        Assert.Equal(EncapsulationMode.Never, pool.VxlanMode);
        Assert.Equal(AssignmentMode.Automatic, pool.AssignmentMode);
        Assert.Equal("", pool.Uid);
        Assert.Null(pool.Cluster);
    }

    [Fact]
    public void ToSpecCarriesEveryField()
    {
        var pool = IpPoolValidator.ValidateCreate("p", new IpPoolSpec
        {
            Cidr = "10.0.0.0/16",
            BlockSize = 28,
            VxlanMode = "CrossSubnet",
            NatOutgoing = true,
            Disabled = true,
            DisableBgpExport = true,
            NodeSelector = "has(edge)",
            AllowedUses = new[] { "Tunnel", "Workload" },
            AssignmentMode = "Manual",
        }, Array.Empty<IpPool>());

        var spec = pool.ToSpec();

        Assert.Equal("10.0.0.0/16", spec.Cidr);
        Assert.Equal(28, spec.BlockSize);
        Assert.Equal("CrossSubnet", spec.VxlanMode);
        Assert.Equal("Never", spec.IpipMode);
        Assert.True(spec.NatOutgoing);
        Assert.True(spec.Disabled);
        Assert.True(spec.DisableBgpExport);
        Assert.Equal("has(edge)", spec.NodeSelector);
        Assert.Equal(new[] { "Tunnel", "Workload" }, spec.AllowedUses);
        Assert.Equal("Manual", spec.AssignmentMode);
    }

    [Fact]
    public void AnUnchangedSpecValidatesBackToAnEqualPool()
    {
        var original = IpPoolValidator.ValidateCreate("p", new IpPoolSpec
        {
            Cidr = "fd00::/48",
            BlockSize = 120,
            VxlanMode = "Always",
            NatOutgoing = true,
        }, Array.Empty<IpPool>()) with { Uid = "uid-1", CreationTimestamp = new DateTimeOffset(2022, 7, 9, 17, 44, 37, TimeSpan.Zero) };

        var again = IpPoolValidator.ValidateUpdate(original, original.ToSpec());

        Assert.Equal(original.Name, again.Name);
        Assert.Equal(original.Network, again.Network);
        Assert.Equal(original.BlockSize, again.BlockSize);
        Assert.Equal(original.VxlanMode, again.VxlanMode);
        Assert.Equal(original.IpipMode, again.IpipMode);
        Assert.Equal(original.NatOutgoing, again.NatOutgoing);
        Assert.Equal(original.NodeSelector, again.NodeSelector);
        Assert.Equal(original.AllowedUses, again.AllowedUses);
        Assert.Equal(original.AssignmentMode, again.AssignmentMode);
        // An update keeps the object's identity and creation time.
        Assert.Equal("uid-1", again.Uid);
        Assert.Equal(original.CreationTimestamp, again.CreationTimestamp);
    }

    [Fact]
    public void WithMakesANewSnapshotAndLeavesTheOriginal()
    {
        var pool = new IpPool { Name = "p", Network = Cidr.Parse("10.0.0.0/16"), BlockSize = 26 };
        var disabled = pool with { Disabled = true };
        Assert.False(pool.Disabled);
        Assert.True(disabled.Disabled);
        Assert.NotEqual(pool, disabled);
    }
}

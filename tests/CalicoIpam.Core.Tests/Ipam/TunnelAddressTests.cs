using System.Collections.Generic;
using CalicoIpam.Core.Clusters;
using static CalicoIpam.Core.Tests.Ipam.IpamTestKit;

namespace CalicoIpam.Core.Tests.Ipam;

/// <summary>
/// Tunnel addresses (calico-ipam.md §10; checklist 49): calico-node's allocateip gives each
/// selected node an address before any pod, so it takes ordinal 0 of the node's first block.
/// </summary>
public sealed class TunnelAddressTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void IpipPool_GivesEachNodeOrdinalZero_AndTheFirstPodOrdinalOne(bool poolFirst)
    {
        var cluster = NewCluster();
        if (poolFirst)
        {
            cluster.Pool("pool", "10.244.0.0/16", 26, ipipMode: "Always");
            cluster.Node("node-1");
        }
        else
        {
            cluster.Node("node-1");
            cluster.Pool("pool", "10.244.0.0/16", 26, ipipMode: "Always");
        }

        Assert.Equal("10.244.84.128", cluster.FindNode("node-1")!.IpipTunnelAddress);
        Assert.Equal("", cluster.FindNode("node-1")!.VxlanTunnelAddress);
        var tunnel = cluster.Allocation("10.244.84.128")!;
        Assert.Equal("ipip-tunnel-addr-node-1", tunnel.Handle);
        Assert.Equal(new Dictionary<string, string> { ["node"] = "node-1", ["type"] = "ipipTunnelAddress" }, tunnel.Attributes);
        Assert.Equal("ipipTunnelAddress", tunnel.Type);
        Assert.Equal("node-1", tunnel.BlockOwner);
        Assert.False(tunnel.Borrowed);

        AssertRunning(cluster.Run("web", "node-1"), "10.244.84.129");
        AssertClean(cluster);
    }

    [Fact]
    public void VxlanPool_GivesEachNodeAVxlanTunnelAddress()
    {
        var cluster = NewCluster();
        cluster.Pool("pool", "10.244.0.0/16", 26, vxlanMode: "Always");
        cluster.Node("node-1");
        cluster.Node("node-2");

        Assert.Equal("10.244.84.128", cluster.FindNode("node-1")!.VxlanTunnelAddress);
        Assert.Equal("10.244.247.0", cluster.FindNode("node-2")!.VxlanTunnelAddress);
        Assert.Equal("", cluster.FindNode("node-1")!.IpipTunnelAddress);
        var tunnel = cluster.Allocation("10.244.247.0")!;
        Assert.Equal("vxlan-tunnel-addr-node-2", tunnel.Handle);
        Assert.Equal(new Dictionary<string, string> { ["node"] = "node-2", ["type"] = "vxlanTunnelAddress" }, tunnel.Attributes);

        AssertRunning(cluster.Run("web", "node-2"), "10.244.247.1");
        AssertClean(cluster);
    }

    [Fact]
    public void OnlyNodesThePoolSelects_GetATunnelAddress()
    {
        var cluster = NewCluster();
        cluster.Pool("pool", "10.244.0.0/16", 26, ipipMode: "Always", nodeSelector: "zone == 'a'");
        cluster.Node("node-1", ("zone", "a"));
        cluster.Node("node-2", ("zone", "b"));

        Assert.Equal("10.244.84.128", cluster.FindNode("node-1")!.IpipTunnelAddress);
        Assert.Equal("", cluster.FindNode("node-2")!.IpipTunnelAddress);
        Assert.Single(cluster.GetAllocations());
    }

    [Fact]
    public void APoolWithoutEncapsulation_GivesNoTunnelAddress()
    {
        var cluster = NewCluster();
        cluster.Pool("pool", "10.244.0.0/16", 26);
        cluster.Node("node-1");

        Assert.Equal("", cluster.FindNode("node-1")!.IpipTunnelAddress);
        Assert.Empty(cluster.GetAllocations());
        AssertRunning(cluster.Run("web", "node-1"), "10.244.84.128");
    }

    [Fact]
    public void DisablingThePool_ReleasesTheTunnelAddress()
    {
        var cluster = NewCluster();
        cluster.Pool("pool", "10.244.0.0/16", 26, ipipMode: "Always");
        cluster.Node("node-1");

        cluster.UpdatePool("pool", s => s with { Disabled = true });

        Assert.Equal("", cluster.FindNode("node-1")!.IpipTunnelAddress);
        Assert.Null(cluster.Allocation("10.244.84.128"));
        Assert.Null(cluster.Handle("ipip-tunnel-addr-node-1"));
        Assert.Equal("node-1", cluster.Block("10.244.84.128/26").Affinity); // empty affine block stays
        AssertClean(cluster);
    }

    [Fact]
    public void SwitchingIpipModeToNever_ReleasesTheTunnelAddress()
    {
        var cluster = NewCluster();
        cluster.Pool("pool", "10.244.0.0/16", 26, ipipMode: "Always");
        cluster.Node("node-1");

        cluster.UpdatePool("pool", s => s with { IpipMode = "Never" });

        Assert.Equal("", cluster.FindNode("node-1")!.IpipTunnelAddress);
        Assert.Empty(cluster.GetAllocations());
        AssertClean(cluster);
    }

    [Fact]
    public void ReenablingThePool_GivesTheNodeATunnelAddressAgain()
    {
        // The released ordinal 0 went to the tail, so the new tunnel address is ordinal 1.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.244.0.0/16", 26, ipipMode: "Always");
        cluster.Node("node-1");
        cluster.UpdatePool("pool", s => s with { Disabled = true });

        cluster.UpdatePool("pool", s => s with { Disabled = false });

        Assert.Equal("10.244.84.129", cluster.FindNode("node-1")!.IpipTunnelAddress);
        AssertClean(cluster);
    }
}

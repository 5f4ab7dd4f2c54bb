using System.Linq;
using CalicoIpam.Core.Clusters;

namespace CalicoIpam.Core.Tests.Dataplane;

/// <summary>
/// calico-routes-validation.md §3.3 per encapsulation, §3.4 CrossSubnet and §3.5 tunnel
/// addresses: node-1 10.0.0.11/24 and node-2 10.0.0.12/24 share a subnet, node-3 10.1.0.13/24
/// does not. Each node runs one pod; nodes with a tunnel take ordinal 0 of their block for it.
/// </summary>
public sealed class EncapsulationRouteTests
{
    private static Cluster ThreeNodes(string ipip = "Never", string vxlan = "Never")
    {
        var cluster = RouteTestKit.WithPool(ipip: ipip, vxlan: vxlan);
        cluster.AddNode("node-1", "10.0.0.11/24");
        cluster.AddNode("node-2", "10.0.0.12/24");
        cluster.AddNode("node-3", "10.1.0.13/24");
        foreach (var node in new[] { "node-1", "node-2", "node-3" })
        {
            cluster.Run("web-" + node, node);
        }
        return cluster;
    }

    private static string PodLine(Cluster cluster, string node)
    {
        var pod = cluster.FindPod("default", "web-" + node)!;
        return $"{pod.IP} dev {pod.Interface} scope link";
    }

    [Fact]
    public void NoEncap_BirdRoutesViaTheNodeOnEth0_AndViaTheDefaultGatewayAcrossSubnets()
    {
        var cluster = ThreeNodes();
        string b1 = cluster.Block("node-1"), b2 = cluster.Block("node-2"), b3 = cluster.Block("node-3");

        var lines = cluster.Lines("node-1");

        Assert.Contains($"blackhole {b1} proto bird", lines);
        Assert.Contains(PodLine(cluster, "node-1"), lines);
        Assert.Contains($"{b2} via 10.0.0.12 dev eth0 proto bird", lines);
        // BIRD's gateway recursive: node-3 is not on the link, so the route goes to the router.
        Assert.Contains($"{b3} via 10.0.0.1 dev eth0 proto bird", lines);
        Assert.Equal(6, lines.Length);
    }

    [Fact]
    public void Ipip_RemoteBlocksGoThroughTunl0_WithProtoBirdOnlink_AndTunnelAddressesPrintNothing()
    {
        var cluster = ThreeNodes(ipip: "Always");
        var node1 = cluster.NodeNamed("node-1");
        string b1 = cluster.Block("node-1"), b2 = cluster.Block("node-2"), b3 = cluster.Block("node-3");

        var lines = cluster.Lines("node-1");

        Assert.Equal(b1.Split('/')[0], node1.IpipTunnelAddress); // the tunnel took ordinal 0 of the block
        Assert.Equal(new[]
        {
            $"blackhole {b1} proto bird",
            PodLine(cluster, "node-1"),
            $"{b2} via 10.0.0.12 dev tunl0 proto bird onlink",
            $"{b3} via 10.1.0.13 dev tunl0 proto bird onlink",
        }.OrderBy(l => l, System.StringComparer.Ordinal), cluster.CalicoLines("node-1").OrderBy(l => l, System.StringComparer.Ordinal));
        // tunl0's own /32 is a local-table route: no line, and no route for it anywhere else
        // either, since it lies in the node's block.
        Assert.DoesNotContain(lines, l => l.StartsWith(node1.IpipTunnelAddress + " ", System.StringComparison.Ordinal));
        Assert.DoesNotContain(cluster.Lines("node-2"), l => l.StartsWith(node1.IpipTunnelAddress + " ", System.StringComparison.Ordinal));
        Assert.Equal(6, lines.Length);
    }

    [Fact]
    public void IpipCrossSubnet_IsDirectInsideTheSubnet_AndTunl0Outside()
    {
        var cluster = ThreeNodes(ipip: "CrossSubnet");
        string b1 = cluster.Block("node-1"), b2 = cluster.Block("node-2"), b3 = cluster.Block("node-3");

        var node1 = cluster.Lines("node-1");
        var node3 = cluster.Lines("node-3");

        Assert.Contains($"{b2} via 10.0.0.12 dev eth0 proto bird", node1);
        Assert.Contains($"{b3} via 10.1.0.13 dev tunl0 proto bird onlink", node1);
        Assert.Contains($"{b1} via 10.0.0.11 dev tunl0 proto bird onlink", node3);
        Assert.Contains($"{b2} via 10.0.0.12 dev tunl0 proto bird onlink", node3);
    }

    [Fact]
    public void Vxlan_FelixBlackholesWithProto80_AndRoutesViaTheRemoteVtep()
    {
        var cluster = ThreeNodes(vxlan: "Always");
        var node2 = cluster.NodeNamed("node-2");
        var node3 = cluster.NodeNamed("node-3");
        string b1 = cluster.Block("node-1"), b2 = cluster.Block("node-2"), b3 = cluster.Block("node-3");

        var lines = cluster.CalicoLines("node-1");

        Assert.Equal(b2.Split('/')[0], node2.VxlanTunnelAddress);
        Assert.Equal(new[]
        {
            $"blackhole {b1} proto 80",
            PodLine(cluster, "node-1"),
            $"{b3} via {node3.VxlanTunnelAddress} dev vxlan.calico onlink",
            $"{b2} via {node2.VxlanTunnelAddress} dev vxlan.calico onlink",
        }.OrderBy(l => l).ToArray(), lines.OrderBy(l => l).ToArray());
    }

    [Fact]
    public void VxlanCrossSubnet_IsProto80OnlinkOnEth0InsideTheSubnet_AndVxlanOutside()
    {
        var cluster = ThreeNodes(vxlan: "CrossSubnet");
        var node1 = cluster.NodeNamed("node-1");
        var node3 = cluster.NodeNamed("node-3");
        string b1 = cluster.Block("node-1"), b2 = cluster.Block("node-2"), b3 = cluster.Block("node-3");

        Assert.Contains($"{b2} via 10.0.0.12 dev eth0 proto 80 onlink", cluster.Lines("node-1"));
        Assert.Contains($"{b3} via {node3.VxlanTunnelAddress} dev vxlan.calico onlink", cluster.Lines("node-1"));
        Assert.Contains($"{b1} via {node1.VxlanTunnelAddress} dev vxlan.calico onlink", cluster.Lines("node-3"));
    }

    [Theory]
    [InlineData("CrossSubnet", "Never", "dev eth0 proto bird", "dev tunl0 proto bird onlink")]
    [InlineData("Never", "CrossSubnet", "dev eth0 proto 80 onlink", "dev vxlan.calico onlink")]
    public void CrossSubnet_IsDecidedByTheLocalNodesSubnet(string ipip, string vxlan, string direct, string tunneled)
    {
        // wide (10.0.0.0/16) holds narrow's address; narrow's /24 does not hold wide's.
        var cluster = RouteTestKit.WithPool(ipip: ipip, vxlan: vxlan);
        cluster.AddNode("wide", "10.0.0.11/16");
        cluster.AddNode("narrow", "10.0.5.13/24");
        string wideBlock = cluster.Block("wide"), narrowBlock = cluster.Block("narrow");

        var onWide = cluster.Lines("wide").Single(l => l.StartsWith(narrowBlock + " ", System.StringComparison.Ordinal));
        var onNarrow = cluster.Lines("narrow").Single(l => l.StartsWith(wideBlock + " ", System.StringComparison.Ordinal));

        Assert.EndsWith(direct, onWide);
        Assert.Contains("via 10.0.5.13 ", onWide);
        Assert.EndsWith(tunneled, onNarrow);
    }

    [Fact]
    public void Vxlan_WithoutALocalVtep_OnlyTheBlackholesAreProgrammed()
    {
        // The pool selects only tunnel nodes; "plain" has no vxlan.calico address, so Felix has no
        // device and no parent interface: no tunnel and no same-subnet routes, blackholes only.
        var cluster = RouteTestKit.WithPool(vxlan: "CrossSubnet", nodeSelector: "tunnel == 'yes'");
        cluster.AddNode("vtep", "10.0.0.11/24", ("tunnel", "yes"));
        cluster.AddNode("plain", "10.0.0.12/24");
        cluster.CreatePod(new PodSpec
        {
            Namespace = "default",
            Name = "web",
            Node = "plain",
            Annotations = new System.Collections.Generic.Dictionary<string, string> { [Cni.CniNames.Ipv4PoolsAnnotation] = "[\"pool\"]" },
        });
        var plainBlock = cluster.Block("plain");
        var vtepBlock = cluster.Block("vtep");

        Assert.Equal("", cluster.NodeNamed("plain").VxlanTunnelAddress);
        Assert.Equal(new[] { $"blackhole {plainBlock} proto 80", $"{cluster.FindPod("default", "web")!.IP} dev {cluster.FindPod("default", "web")!.Interface} scope link" }
            .OrderBy(l => l), cluster.CalicoLines("plain").OrderBy(l => l));
        // The other way round the same-subnet route needs no remote VTEP.
        Assert.Contains($"{plainBlock} via 10.0.0.12 dev eth0 proto 80 onlink", cluster.Lines("vtep"));
        Assert.Contains($"blackhole {vtepBlock} proto 80", cluster.Lines("vtep"));
    }

    [Fact]
    public void AnInterfaceOtherThanEth0_IsUsedForDirectRoutes()
    {
        var cluster = RouteTestKit.WithPool();
        cluster.CreateNode("a", Core.Net.Cidr.Parse("10.0.1.30/24"), interfaceName: "ens5");
        cluster.CreateNode("b", Core.Net.Cidr.Parse("10.0.1.31/24"), interfaceName: "ens5");
        cluster.Run("web", "b");

        Assert.Equal(new[]
        {
            "default via 10.0.1.1 dev ens5",
            "10.0.1.0/24 dev ens5 proto kernel scope link src 10.0.1.30",
            $"{cluster.Block("b")} via 10.0.1.31 dev ens5 proto bird",
        }, cluster.Lines("a"));
    }
}

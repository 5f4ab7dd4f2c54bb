using System.Linq;
using CalicoIpam.Core.Clusters;

namespace CalicoIpam.Core.Tests.Dataplane;

/// <summary>
/// Borrowed addresses (§3.3 "borrowed IP" rows): a pool of exactly one /26 block, which node-1
/// claims with its first allocation; every other node's addresses are borrowed from it and
/// show as /32s towards the borrowing node on every other node, the block's owner included
/// (which keeps its blackhole: the /32 wins by longest prefix).
/// </summary>
public sealed class BorrowedRouteTests
{
    private static Cluster OneBlock(string ipip = "Never", string vxlan = "Never")
    {
        var cluster = RouteTestKit.WithPool(cidr: "10.244.0.0/26", ipip: ipip, vxlan: vxlan);
        cluster.AddNode("node-1", "10.0.0.11/24");
        cluster.Run("first", "node-1");
        cluster.AddNode("node-2", "10.0.0.12/24");
        cluster.AddNode("node-3", "10.0.0.13/24");
        cluster.Run("borrower", "node-2");
        return cluster;
    }

    [Fact]
    public void NoEncap_TheBorrowedAddressIsRoutedTowardsTheBorrower_OnEveryOtherNode()
    {
        var cluster = OneBlock();
        var borrower = cluster.FindPod("default", "borrower")!;
        var first = cluster.FindPod("default", "first")!;

        Assert.Equal("10.244.0.1", borrower.IP);
        Assert.Equal(new[]
        {
            $"{first.IP} dev {first.Interface} scope link",
            "blackhole 10.244.0.0/26 proto bird",
            "10.244.0.1 via 10.0.0.12 dev eth0 proto bird",
        }, cluster.CalicoLines("node-1"));
        Assert.Equal(new[]
        {
            "10.244.0.0/26 via 10.0.0.11 dev eth0 proto bird",
            "10.244.0.1 via 10.0.0.12 dev eth0 proto bird",
        }, cluster.CalicoLines("node-3"));
        Assert.Equal(new[]
        {
            "10.244.0.0/26 via 10.0.0.11 dev eth0 proto bird",
            $"10.244.0.1 dev {borrower.Interface} scope link",
        }, cluster.CalicoLines("node-2"));
    }

    [Fact]
    public void Ipip_ABorrowedTunnelAddressIsExportedFromTunl0_AndPrintsOnOtherNodes()
    {
        var cluster = OneBlock(ipip: "Always");
        var node2 = cluster.NodeNamed("node-2");
        var node3 = cluster.NodeNamed("node-3");
        var borrower = cluster.FindPod("default", "borrower")!;

        Assert.Equal("10.244.0.0", cluster.NodeNamed("node-1").IpipTunnelAddress);
        Assert.Equal("10.244.0.1", cluster.FindPod("default", "first")!.IP);
        Assert.Equal(("10.244.0.2", "10.244.0.3", "10.244.0.4"), (node2.IpipTunnelAddress, node3.IpipTunnelAddress, borrower.IP));
        Assert.Equal(new[]
        {
            "10.244.0.0/26 via 10.0.0.11 dev tunl0 proto bird onlink",
            "10.244.0.2 via 10.0.0.12 dev tunl0 proto bird onlink", // node-2's tunl0 address
            "10.244.0.4 via 10.0.0.12 dev tunl0 proto bird onlink", // node-2's pod
        }, cluster.CalicoLines("node-3"));
        var onOwner = cluster.CalicoLines("node-1");
        Assert.Contains("blackhole 10.244.0.0/26 proto bird", onOwner);
        Assert.Contains("10.244.0.3 via 10.0.0.13 dev tunl0 proto bird onlink", onOwner);
        Assert.Contains("10.244.0.4 via 10.0.0.12 dev tunl0 proto bird onlink", onOwner);
    }

    [Fact]
    public void Vxlan_TheBorrowedPodGoesViaTheBorrowersVtep_AndABorrowedVtepPrintsNothing()
    {
        var cluster = OneBlock(vxlan: "Always");
        var node2 = cluster.NodeNamed("node-2");
        var borrower = cluster.FindPod("default", "borrower")!;

        Assert.Equal("10.244.0.0", cluster.NodeNamed("node-1").VxlanTunnelAddress);
        Assert.Equal(("10.244.0.2", "10.244.0.4"), (node2.VxlanTunnelAddress, borrower.IP));
        Assert.Equal(new[]
        {
            "10.244.0.0/26 via 10.244.0.0 dev vxlan.calico onlink",
            "10.244.0.4 via 10.244.0.2 dev vxlan.calico onlink",
        }, cluster.CalicoLines("node-3"));
        Assert.Equal(new[]
        {
            "blackhole 10.244.0.0/26 proto 80",
            $"10.244.0.1 dev {cluster.FindPod("default", "first")!.Interface} scope link",
            "10.244.0.4 via 10.244.0.2 dev vxlan.calico onlink",
        }, cluster.CalicoLines("node-1"));
    }

    [Fact]
    public void TheRoutesFollowTheAllocations_AsPodsComeAndGo()
    {
        var cluster = OneBlock();
        Assert.Contains("10.244.0.1 via 10.0.0.12 dev eth0 proto bird", cluster.Lines("node-3"));

        cluster.DeletePod("default", "borrower");
        Assert.DoesNotContain(cluster.Lines("node-3"), l => l.StartsWith("10.244.0.1 ", System.StringComparison.Ordinal));
        Assert.DoesNotContain(cluster.Lines("node-2"), l => l.Contains("cali"));

        var again = cluster.Run("borrower-2", "node-3");
        Assert.Contains($"{again.IP} via 10.0.0.13 dev eth0 proto bird", cluster.Lines("node-1"));
        Assert.Contains($"{again.IP} via 10.0.0.13 dev eth0 proto bird", cluster.Lines("node-2"));
        Assert.Contains($"{again.IP} dev {again.Interface} scope link", cluster.Lines("node-3"));
    }

    [Fact]
    public void AnAddressBorrowedInAPoolWithDisableBgpExport_StaysOnItsNode()
    {
        var cluster = RouteTestKit.WithPool(cidr: "10.244.0.0/26", disableBgpExport: true);
        cluster.AddNode("node-1", "10.0.0.11/24");
        cluster.Run("first", "node-1");
        cluster.AddNode("node-2", "10.0.0.12/24");
        var borrower = cluster.Run("borrower", "node-2");

        Assert.Equal(new[] { $"{borrower.IP} dev {borrower.Interface} scope link" }, cluster.CalicoLines("node-2"));
        Assert.Equal(2, cluster.CalicoLines("node-1").Length); // its pod and its blackhole, nothing from node-2
    }
}

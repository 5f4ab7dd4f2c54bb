using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Clusters;

namespace CalicoIpam.Core.Tests.Dataplane;

/// <summary>Routes after pool, node and label changes (issue 5, Deliver item 5).</summary>
public sealed class StateChangeRouteTests
{
    private static readonly string[] SeedNodes = { "ip-10-0-0-10", "ip-10-0-0-11", "ip-10-0-0-12" };

    private static Dictionary<string, string[]> AllTables(Cluster cluster) =>
        SeedNodes.ToDictionary(n => n, n => cluster.Lines(n));

    [Fact]
    public void DisablingAPool_ChangesNoRoute()
    {
        // BIRD's config comes from every pool, disabled or not (IPPoolV3ToV1 keeps them; only
        // affinities drive the blackholes), and disabling touches no block or affinity.
        var cluster = RouteTestKit.SeedLab();
        var before = AllTables(cluster);

        cluster.UpdatePool(RouteTestKit.Pool2, spec => spec with { Disabled = true });

        Assert.Equal(before, AllTables(cluster));
    }

    [Fact]
    public void DisablingAnIpipPool_ReleasesTheTunl0Addresses_ButBirdsRoutesStay()
    {
        // allocateip takes the tunnel addresses back (no enabled pool wants them); BIRD still
        // sees the pool, with its ipipMode, and the blocks keep their affinities.
        var cluster = RouteTestKit.WithPool(ipip: "Always");
        cluster.AddNode("node-1", "10.0.0.11/24");
        cluster.AddNode("node-2", "10.0.0.12/24");
        cluster.Run("web", "node-2");
        var before = cluster.Lines("node-1");
        Assert.Contains(before, l => l.EndsWith("via 10.0.0.12 dev tunl0 proto bird onlink", System.StringComparison.Ordinal));

        cluster.UpdatePool("pool", spec => spec with { Disabled = true });

        Assert.Equal("", cluster.NodeNamed("node-2").IpipTunnelAddress);
        Assert.Equal(before, cluster.Lines("node-1"));
    }

    [Fact]
    public void DisablingAVxlanPool_ReleasesTheTunnelAddresses_SoOnlyTheBlackholesStay()
    {
        // allocateip keeps a tunnel address only while an enabled pool wants one; without VTEPs
        // Felix programs no VXLAN route, but still blackholes the node's blocks.
        var cluster = RouteTestKit.WithPool(vxlan: "Always");
        cluster.AddNode("node-1", "10.0.0.11/24");
        cluster.AddNode("node-3", "10.1.0.13/24");
        var pod = cluster.Run("web", "node-1");
        Assert.Contains(cluster.Lines("node-1"), l => l.EndsWith("dev vxlan.calico onlink", System.StringComparison.Ordinal));

        cluster.UpdatePool("pool", spec => spec with { Disabled = true });

        Assert.Equal("", cluster.NodeNamed("node-1").VxlanTunnelAddress);
        Assert.Equal(new[]
        {
            $"blackhole {cluster.Block("node-1")} proto 80",
            $"{pod.IP} dev {pod.Interface} scope link",
        }.OrderBy(l => l), cluster.CalicoLines("node-1").OrderBy(l => l));
    }

    [Fact]
    public void DeletingAPool_OrphansItsBlocks_WhichLoseTheirBlackholesAndTheirRoutes()
    {
        // Deleting pool2 releases the affinities of its blocks; they still hold pods, so they
        // stay, orphaned: no blackhole (no affinity), no block route, and no /32 either, since
        // BIRD exports only addresses inside some pool. The pods keep their local routes.
        var cluster = RouteTestKit.SeedLab();
        var database = cluster.FindPod("yaobank", "database-56fb9496bb-mdch5")!;
        var summary = cluster.FindPod("yaobank", "summary-7f89fbcc7c-tsqjz")!;

        cluster.DeletePool(RouteTestKit.Pool2);

        Assert.Contains(cluster.GetBlocks(), b => b.Cidr.ToString() == "10.48.194.128/26" && b.Affinity == "");
        Assert.Equal(new[]
        {
            "10.48.110.0/26 via 10.0.0.11 dev eth0 proto bird",
            $"{database.IP} dev {database.Interface} scope link",
            $"{summary.IP} dev {summary.Interface} scope link",
        }, cluster.CalicoLines("ip-10-0-0-12"));
        Assert.Equal(new[] { "10.48.110.0 dev calif0d1818d01e scope link", "blackhole 10.48.110.0/26 proto bird" },
            cluster.CalicoLines("ip-10-0-0-11"));
    }

    [Fact]
    public void DisableBgpExport_LeavesTheBlackholes_ButNoOtherNodeLearnsThePoolsBlocks()
    {
        var cluster = RouteTestKit.SeedLab();

        cluster.UpdatePool(RouteTestKit.Pool2, spec => spec with { DisableBgpExport = true });

        Assert.Equal(new[] { "10.48.110.0 dev calif0d1818d01e scope link", "blackhole 10.48.110.0/26 proto bird" },
            cluster.CalicoLines("ip-10-0-0-11"));
        var node12 = cluster.CalicoLines("ip-10-0-0-12");
        Assert.Contains("blackhole 10.48.194.128/26 proto bird", node12);
        Assert.Contains("10.48.110.0/26 via 10.0.0.11 dev eth0 proto bird", node12);
        Assert.DoesNotContain(node12, l => l.StartsWith("10.48.177.64/26", System.StringComparison.Ordinal));
    }

    [Fact]
    public void DisableBgpExport_DoesNotConcernFelix_WhichProgramsVxlanRoutesFromIpam()
    {
        var cluster = RouteTestKit.WithPool(vxlan: "Always", disableBgpExport: true);
        cluster.AddNode("node-1", "10.0.0.11/24");
        cluster.AddNode("node-2", "10.0.0.12/24");

        Assert.Contains($"{cluster.Block("node-2")} via {cluster.NodeNamed("node-2").VxlanTunnelAddress} dev vxlan.calico onlink",
            cluster.Lines("node-1"));
    }

    [Fact]
    public void ANodeLabelChange_ThatDeselectsItFromTheVxlanPool_TakesItsVtepAndSoTheRoutesToIt()
    {
        var cluster = RouteTestKit.WithPool(vxlan: "Always", nodeSelector: "vxlan == 'on'");
        cluster.AddNode("node-1", "10.0.0.11/24", ("vxlan", "on"));
        cluster.AddNode("node-2", "10.0.0.12/24", ("vxlan", "on"));
        var block2 = cluster.Block("node-2");
        Assert.Contains($"{block2} via {cluster.NodeNamed("node-2").VxlanTunnelAddress} dev vxlan.calico onlink", cluster.Lines("node-1"));

        cluster.SetNodeLabels("node-2", new Dictionary<string, string?> { ["vxlan"] = null });

        Assert.Equal("", cluster.NodeNamed("node-2").VxlanTunnelAddress);
        Assert.DoesNotContain(cluster.Lines("node-1"), l => l.Contains("vxlan.calico"));
    }

    [Fact]
    public void ANodeLabelChange_LeavesBirdRoutesAlone_SelectorsOnlyGuideAllocation()
    {
        var cluster = RouteTestKit.SeedLab();
        var before = AllTables(cluster);

        cluster.SetNodeLabels("ip-10-0-0-12", new Dictionary<string, string?> { ["zone"] = "b" });

        Assert.Equal(before, AllTables(cluster));
    }

    [Fact]
    public void RemovingANode_RemovesEveryRouteTowardsIt()
    {
        var cluster = RouteTestKit.SeedLab();

        cluster.RemoveNode("ip-10-0-0-12");

        Assert.Equal(new[]
        {
            "10.48.110.0 dev calif0d1818d01e scope link",
            "blackhole 10.48.110.0/26 proto bird",
            "10.48.177.64/26 via 10.0.0.10 dev eth0 proto bird",
        }, cluster.CalicoLines("ip-10-0-0-11"));
        Assert.Throws<ResourceNotFoundException>(() => cluster.GetNodeRoutes("ip-10-0-0-12"));
    }

    [Fact]
    public void RemovingABlockOwner_LeavesTheBorrowedAddressesRouted_ButNotItsBlock()
    {
        // The removed node's block still holds node-2's pod, so it keeps its affinity; nobody
        // speaks for the removed node any more, but node-2 still exports the /32.
        var cluster = RouteTestKit.WithPool(cidr: "10.244.0.0/26");
        cluster.AddNode("node-1", "10.0.0.11/24");
        cluster.Run("first", "node-1");
        cluster.AddNode("node-2", "10.0.0.12/24");
        cluster.AddNode("node-3", "10.0.0.13/24");
        var borrower = cluster.Run("borrower", "node-2");

        cluster.RemoveNode("node-1");

        Assert.Equal(new[] { $"{borrower.IP} via 10.0.0.12 dev eth0 proto bird" }, cluster.CalicoLines("node-3"));
        Assert.Equal(new[] { $"{borrower.IP} dev {borrower.Interface} scope link" }, cluster.CalicoLines("node-2"));
    }
}

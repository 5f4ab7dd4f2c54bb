using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Dataplane;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Tests.Dataplane;

/// <summary>
/// The seed lab's <c>ip route</c> (lab 2.3, taken on ip-10-0-0-11, lab-and-simulators.md §1.8
/// item 9). The seed shows:
/// <code>
/// 10.48.110.14 dev calif0d1818d01e scope link
/// blackhole 10.48.110.0/26 proto bird
/// 10.48.177.64/26 via 10.0.0.10 dev eth0 proto bird
/// 10.48.194.128/26 via 10.0.0.12 dev eth0 proto bird
/// </code>
/// The blocks come from the Go-exact block walk and equal the seed's. The pod addresses come
/// from the allocator: on a fresh cluster each pod is its block's first allocation, so customer
/// gets 10.48.110.0 (ordinal 0), where the seed's cluster, which had handed out addresses
/// before, shows ordinal 14. The tests assert what the allocator gives, never the seed's address.
/// </summary>
public sealed class SeedLabRouteTests
{
    [Fact]
    public void TheWalk_GivesEachNodeTheSeedsBlock()
    {
        var cluster = RouteTestKit.SeedLab();

        Assert.Equal("10.48.110.0/26", cluster.Block("ip-10-0-0-11"));
        Assert.Equal("10.48.177.64/26", cluster.Block("ip-10-0-0-10"));
        Assert.Equal("10.48.194.128/26", cluster.Block("ip-10-0-0-12"));
    }

    [Fact]
    public void Worker1_ShowsTheSeedsBlockRoutes_AndTheCustomerPodOnItsCaliInterface()
    {
        var cluster = RouteTestKit.SeedLab();
        var customer = cluster.FindPod("yaobank", "customer-84c7855fd4-55r26")!;

        var lines = cluster.Lines("ip-10-0-0-11");

        Assert.Equal("calif0d1818d01e", customer.Interface);
        Assert.Equal("10.48.110.0", customer.IP); // ordinal 0 of the node's block: the allocator's choice
        Assert.Contains("blackhole 10.48.110.0/26 proto bird", lines);
        Assert.Contains("10.48.177.64/26 via 10.0.0.10 dev eth0 proto bird", lines);
        Assert.Contains("10.48.194.128/26 via 10.0.0.12 dev eth0 proto bird", lines);
        Assert.Contains($"{customer.IP} dev calif0d1818d01e scope link", lines);
    }

    [Fact]
    public void Worker1_WholeTable_InKernelDumpOrder()
    {
        var cluster = RouteTestKit.SeedLab();
        var customer = cluster.FindPod("yaobank", "customer-84c7855fd4-55r26")!;

        Assert.Equal(new[]
        {
            "default via 10.0.0.1 dev eth0",
            "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.11",
            $"{customer.IP} dev {customer.Interface} scope link",
            "blackhole 10.48.110.0/26 proto bird",
            "10.48.177.64/26 via 10.0.0.10 dev eth0 proto bird",
            "10.48.194.128/26 via 10.0.0.12 dev eth0 proto bird",
        }, cluster.Lines("ip-10-0-0-11"));
    }

    [Fact]
    public void Worker2_HasItsTwoPods_AndTheOtherBlocks()
    {
        var cluster = RouteTestKit.SeedLab();
        var database = cluster.FindPod("yaobank", "database-56fb9496bb-mdch5")!;
        var summary = cluster.FindPod("yaobank", "summary-7f89fbcc7c-tsqjz")!;

        Assert.Equal(new[]
        {
            "10.48.110.0/26 via 10.0.0.11 dev eth0 proto bird",
            "10.48.177.64/26 via 10.0.0.10 dev eth0 proto bird",
            $"{database.IP} dev {database.Interface} scope link",
            "blackhole 10.48.194.128/26 proto bird",
            $"{summary.IP} dev {summary.Interface} scope link",
        }, cluster.CalicoLines("ip-10-0-0-12"));
        Assert.Equal(new[] { "10.48.194.128", "10.48.194.129" }, new[] { database.IP, summary.IP });
    }

    [Fact]
    public void TheSeedsAddress_IsOrdinal14_WhichTheAllocatorGivesOnceTheBlockHasHandedOut14()
    {
        // The seed's customer address sits 14 places into the block. Recreate the customer
        // after 13 other pods: its old ordinal 0 went to the end of the queue when it was
        // released (FIFO), the 13 take ordinals 1-13, and the new customer gets 14.
        var cluster = RouteTestKit.SeedLab();
        cluster.DeletePod("yaobank", "customer-84c7855fd4-55r26");
        for (var i = 0; i < 13; i++)
        {
            cluster.RunIn("yaobank", $"earlier-{i}", "ip-10-0-0-11", RouteTestKit.Pool1);
        }

        var customer = cluster.RunIn("yaobank", "customer-84c7855fd4-55r26", "ip-10-0-0-11", RouteTestKit.Pool1);

        Assert.Equal("10.48.110.14", customer.IP);
        Assert.Contains("10.48.110.14 dev calif0d1818d01e scope link", cluster.Lines("ip-10-0-0-11"));
    }

    [Fact]
    public void Routes_AreRecords_WithTheKernelsFields()
    {
        var cluster = RouteTestKit.SeedLab();

        var routes = cluster.GetNodeRoutes("ip-10-0-0-11");

        var blackhole = routes.Single(r => r.Type == NodeRouteType.Blackhole);
        Assert.Equal("10.48.110.0/26", blackhole.Destination);
        Assert.Equal("bird", blackhole.Protocol);
        Assert.Equal("", blackhole.Device);
        var remote = routes.Single(r => r.Destination == "10.48.177.64/26");
        Assert.Equal(("10.0.0.10", "eth0", "bird", "universe", false), (remote.Gateway, remote.Device, remote.Protocol, remote.Scope, remote.OnLink));
        Assert.All(routes, r => Assert.Equal("ip-10-0-0-11", r.Node));
        Assert.All(routes, r => Assert.Same(cluster, r.Cluster));
        var pod = routes.Single(r => r.Device.StartsWith("cali", System.StringComparison.Ordinal));
        Assert.Equal(new Cidr(IpAddress.Parse("10.48.110.0"), 32), pod.Network);
        Assert.Equal(("boot", "link"), (pod.Protocol, pod.Scope));
    }

    [Fact]
    public void AnUnknownNode_IsNotFound()
    {
        var cluster = RouteTestKit.SeedLab();

        var error = Assert.Throws<ResourceNotFoundException>(() => cluster.GetNodeRoutes("ip-10-0-0-99"));

        Assert.Equal("nodes \"ip-10-0-0-99\" not found", error.Message);
    }
}

using System.Linq;
using CalicoIpam.Core.Dataplane;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Tests.Dataplane;

/// <summary>The printed line (iproute2 print_route's field order and what it leaves out) and
/// the kernel's dump order (fib_table_dump).</summary>
public sealed class NodeRouteFormatTests
{
    private static NodeRoute Route(string cidr) => new() { Network = Cidr.Parse(cidr) };

    [Fact]
    public void AHostRoute_PrintsTheAddressWithoutItsPrefix_AndNoBootProtoNorUniverseScope()
    {
        var route = Route("10.244.1.5/32") with { Device = "calif0d1818d01e", Scope = NodeRoute.ScopeLink };

        Assert.Equal("10.244.1.5 dev calif0d1818d01e scope link", route.ToString());
        Assert.Equal("10.244.1.5", route.Destination);
        Assert.Equal(route.ToString(), route.Line);
    }

    [Fact]
    public void AnIPv6HostRoute_PrintsWithoutSlash128()
    {
        Assert.Equal("fd00::5 dev cali1 scope link", (Route("fd00::5/128") with { Device = "cali1", Scope = "link" }).ToString());
    }

    [Fact]
    public void ABlackhole_PrintsItsType_First()
    {
        Assert.Equal("blackhole 10.244.1.0/26 proto bird",
            (Route("10.244.1.0/26") with { Type = NodeRouteType.Blackhole, Protocol = NodeRoute.ProtocolBird }).ToString());
        Assert.Equal("blackhole 10.244.1.0/26 proto 80",
            (Route("10.244.1.0/26") with { Type = NodeRouteType.Blackhole, Protocol = NodeRoute.ProtocolFelix }).ToString());
    }

    [Fact]
    public void TheDefaultRoute_IsPrintedAsDefault()
    {
        Assert.Equal("default via 10.0.0.1 dev eth0", (Route("0.0.0.0/0") with { Gateway = "10.0.0.1", Device = "eth0" }).ToString());
    }

    [Fact]
    public void EveryField_InPrintRoutesOrder()
    {
        var route = Route("10.0.0.0/24") with
        {
            Gateway = "10.0.0.1",
            Device = "eth0",
            Protocol = "dhcp",
            Scope = NodeRoute.ScopeLink,
            Source = "10.0.0.11",
            Metric = 100,
            OnLink = true,
        };

        Assert.Equal("10.0.0.0/24 via 10.0.0.1 dev eth0 proto dhcp scope link src 10.0.0.11 metric 100 onlink", route.ToString());
    }

    [Theory]
    [InlineData("10.244.2.0/26", "10.0.0.12", "tunl0", "bird", true, "10.244.2.0/26 via 10.0.0.12 dev tunl0 proto bird onlink")]
    [InlineData("10.244.2.0/26", "10.244.2.0", "vxlan.calico", "boot", true, "10.244.2.0/26 via 10.244.2.0 dev vxlan.calico onlink")]
    [InlineData("10.244.2.0/26", "10.0.0.12", "eth0", "80", true, "10.244.2.0/26 via 10.0.0.12 dev eth0 proto 80 onlink")]
    [InlineData("10.244.2.0/26", "10.0.0.12", "eth0", "bird", false, "10.244.2.0/26 via 10.0.0.12 dev eth0 proto bird")]
    public void TheReferenceShapes(string cidr, string gateway, string device, string protocol, bool onlink, string expected)
    {
        var route = Route(cidr) with { Gateway = gateway, Device = device, Protocol = protocol, OnLink = onlink };

        Assert.Equal(expected, route.ToString());
    }

    [Fact]
    public void TheTable_ListsDefaultFirst_ThenByAddress_LongestPrefixFirstForOneAddress()
    {
        var table = new RouteTable();
        foreach (var cidr in new[] { "10.48.110.14/32", "10.48.20.0/26", "10.48.110.0/26", "10.48.110.0/32", "10.0.0.0/24", "9.9.9.9/32", "0.0.0.0/0", "10.48.177.64/26" })
        {
            table.Add(Route(cidr));
        }

        Assert.Equal(new[]
        {
            "default",
            "9.9.9.9",
            "10.0.0.0/24",
            "10.48.20.0/26",     // numerically before 10.48.110.0, though not as text
            "10.48.110.0",       // same trie leaf as the /26: the longer prefix first
            "10.48.110.0/26",
            "10.48.110.14",
            "10.48.177.64/26",
        }, table.ToList().Select(r => r.Destination));
    }

    [Fact]
    public void TheTable_HoldsOneRoutePerDestination_TheLastReplacing()
    {
        var table = new RouteTable();
        table.Add(Route("10.48.110.0/26") with { Gateway = "10.0.0.10", Device = "eth0" });
        table.Add(Route("10.48.110.0/26") with { Type = NodeRouteType.Blackhole });

        Assert.Equal(new[] { "blackhole 10.48.110.0/26" }, table.ToList().Select(r => r.ToString()));
    }

    [Fact]
    public void HostRoutes_AreTheConnectedRoute_AndADefaultViaTheSubnetsFirstAddress()
    {
        var table = new RouteTable();
        HostRoutes.AddTo(table, Cidr.Parse("10.0.0.11/24"), "eth0", "n", null);

        Assert.Equal(new[] { "default via 10.0.0.1 dev eth0", "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.11" },
            table.ToList().Select(r => r.ToString()));
    }

    [Fact]
    public void HostRoutes_OfASlash32Node_HaveNoConnectedRoute_NorADefault()
    {
        var table = new RouteTable();
        HostRoutes.AddTo(table, Cidr.Parse("10.240.0.5/32"), "ens4", "n", null);

        Assert.Empty(table.ToList());
    }
}

using System;
using System.Linq;
using System.Management.Automation;

namespace CalicoIpam.PowerShell.Tests;

/// <summary>Get-NodeRoute and Get-PodRoute: the seed lab's routes, the default view (the lines
/// alone), pipeline input from Get-Node and Get-Pod, errors and completion.</summary>
public sealed class RouteCommandTests : IClassFixture<PsSession>
{
    private const string Commands = "CalicoIpam.PowerShell.Commands.";

    // The seed's cluster (lab 2.3): customer in pool1 on -11, database and one summary in pool2
    // on -12, the other summary in pool2 on -10.
    private const string SeedLab = """
        $null = New-Cluster -Empty
        New-Node ip-10-0-0-10 10.0.0.10/24 -Role ControlPlane
        New-Node ip-10-0-0-11 10.0.0.11/24
        New-Node ip-10-0-0-12 10.0.0.12/24
        New-IpPool -Name pool1-ipv4-ippool -Cidr 10.48.0.0/17 -BlockSize 26 -NatOutgoing
        New-IpPool -Name pool2-ipv4-ippool -Cidr 10.48.128.0/17 -BlockSize 26 -NatOutgoing
        New-Namespace yaobank
        $pool1 = @{ 'cni.projectcalico.org/ipv4pools' = '["pool1-ipv4-ippool"]' }
        $pool2 = @{ 'cni.projectcalico.org/ipv4pools' = '["pool2-ipv4-ippool"]' }
        New-Pod customer-84c7855fd4-55r26 -Namespace yaobank -Node ip-10-0-0-11 -Annotation $pool1
        New-Pod database-56fb9496bb-mdch5 -Namespace yaobank -Node ip-10-0-0-12 -Annotation $pool2
        New-Pod summary-7f89fbcc7c-tsqjz -Namespace yaobank -Node ip-10-0-0-12 -Annotation $pool2
        New-Pod summary-7f89fbcc7c-vl9px -Namespace yaobank -Node ip-10-0-0-10 -Annotation $pool2
        """;

    private readonly PsSession _ps;

    public RouteCommandTests(PsSession ps)
    {
        _ps = ps;
        var setup = _ps.Run(SeedLab);
        Assert.Empty(setup.Errors);
    }

    [Fact]
    public void GetNodeRoute_OnWorker1_ShowsTheSeedsBlockRoutes_AndTheCustomersInterface()
    {
        var customerIp = (string)_ps.Objects("(Get-Pod customer* -Namespace yaobank).IP").Single();

        var result = _ps.Run("Get-NodeRoute -Node ip-10-0-0-11");

        Assert.Empty(result.Errors);
        Assert.Equal("CalicoIpam.Core.Dataplane.NodeRoute", result.Objects[0].GetType().FullName);
        Assert.Equal(new[]
        {
            "default via 10.0.0.1 dev eth0",
            "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.11",
            $"{customerIp} dev calif0d1818d01e scope link",
            "blackhole 10.48.110.0/26 proto bird",
            "10.48.177.64/26 via 10.0.0.10 dev eth0 proto bird",
            "10.48.194.128/26 via 10.0.0.12 dev eth0 proto bird",
        }, result.Objects.Select(o => o.ToString()));
        Assert.Equal(result.Objects.Select(o => o.ToString()), result.Values("Line"));
        Assert.Equal(new[] { "10.0.0.1", "", "", "", "10.0.0.10", "10.0.0.12" }, result.Values("Gateway"));
        Assert.Equal(new[] { "eth0", "eth0", "calif0d1818d01e", "", "eth0", "eth0" }, result.Values("Device"));
        Assert.Equal(new[] { "boot", "kernel", "boot", "bird", "bird", "bird" }, result.Values("Protocol"));
        Assert.Equal(new[] { "universe", "link", "link", "universe", "universe", "universe" }, result.Values("Scope"));
        Assert.Equal(new[] { "Unicast", "Unicast", "Unicast", "Blackhole", "Unicast", "Unicast" }, result.Values("Type"));
        Assert.Equal(new[] { "False", "False", "False", "False", "False", "False" }, result.Values("OnLink"));
        Assert.Equal(new[] { "", "10.0.0.11", "", "", "", "" }, result.Values("Source"));
        Assert.Equal(new[] { "default", "10.0.0.0/24", customerIp, "10.48.110.0/26", "10.48.177.64/26", "10.48.194.128/26" },
            result.Values("Destination"));
    }

    [Fact]
    public void TheDefaultView_PrintsTheLinesAlone()
    {
        var text = (string)_ps.Objects("Get-NodeRoute ip-10-0-0-11 | Out-String -Width 200").Single();

        var lines = text.Split('\n').Select(l => l.TrimEnd('\r', ' ')).Where(l => l.Length > 0).ToArray();
        Assert.Equal(_ps.Run("Get-NodeRoute ip-10-0-0-11").Objects.Select(o => o.ToString()), lines);
    }

    [Fact]
    public void TheDefaultView_WrapsRatherThanCuts()
    {
        var text = (string)_ps.Objects("Get-NodeRoute ip-10-0-0-11 | Out-String -Width 40").Single();

        Assert.DoesNotContain("…", text);
        Assert.Contains("proto kernel", text);
    }

    [Fact]
    public void NodesFromGetNode_BindByTheirName()
    {
        var result = _ps.Run("Get-Node ip-10-0-0-1[02] | Get-NodeRoute");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "ip-10-0-0-10", "ip-10-0-0-12" }, result.Values("Node").Distinct());
        Assert.Contains("blackhole 10.48.177.64/26 proto bird", result.Values("Line"));
        Assert.Contains("blackhole 10.48.194.128/26 proto bird", result.Values("Line"));
    }

    [Fact]
    public void PodsFromGetPod_BindByTheirNode_NotTheirName_EachNodeListedOnce()
    {
        var result = _ps.Run("Get-Pod -Namespace yaobank | Get-NodeRoute");

        Assert.Empty(result.Errors);
        // database and summary-tsqjz both run on -12: its table comes once.
        Assert.Equal(new[] { "ip-10-0-0-11", "ip-10-0-0-12", "ip-10-0-0-10" }, result.Values("Node").Distinct());
        Assert.Single(result.Values("Line"), l => l == "blackhole 10.48.194.128/26 proto bird");
        Assert.Equal(3 * 6 + 1, result.Objects.Length); // -12 has two pods, so seven routes
    }

    [Fact]
    public void APendingPod_FromThePipeline_IsSkipped()
    {
        _ps.Run("$c = New-Cluster -Empty; New-Pod lonely");

        var result = _ps.Run("Get-Pod lonely -Cluster $c | Get-NodeRoute");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Objects);
    }

    [Fact]
    public void APipedPod_ActsOnItsOwnCluster()
    {
        _ps.Run("$seed = Get-Cluster; $null = New-Cluster -Empty");

        var result = _ps.Run("Get-Pod customer* -Namespace yaobank -Cluster $seed | Get-NodeRoute");

        Assert.Empty(result.Errors);
        Assert.Contains("blackhole 10.48.110.0/26 proto bird", result.Values("Line"));
    }

    [Fact]
    public void WithoutNode_EveryNodeIsListed_InNameOrder()
    {
        var result = _ps.Run("Get-NodeRoute");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "ip-10-0-0-10", "ip-10-0-0-11", "ip-10-0-0-12" }, result.Values("Node").Distinct());
    }

    [Fact]
    public void ALiteralMiss_IsANonTerminatingNodeNotFound()
    {
        var result = _ps.Run("Get-NodeRoute nope, ip-10-0-0-11");

        var error = Assert.Single(result.Errors);
        Assert.Equal("NodeNotFound," + Commands + "GetNodeRouteCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("nope", error.TargetObject);
        Assert.Equal("nodes \"nope\" not found", error.Exception.Message);
        Assert.Equal(new[] { "ip-10-0-0-11" }, result.Values("Node").Distinct());
    }

    [Fact]
    public void Wildcards_Match_AndAMissIsSilent()
    {
        Assert.Equal(new[] { "ip-10-0-0-10", "ip-10-0-0-11" }, _ps.Run("Get-NodeRoute ip-10-0-0-1[01]").Values("Node").Distinct());

        var none = _ps.Run("Get-NodeRoute zz*");
        Assert.Empty(none.Errors);
        Assert.Empty(none.Objects);
    }

    [Fact]
    public void GetPodRoute_ByName_AndFromThePipeline()
    {
        var byName = _ps.Run("Get-PodRoute customer-84c7855fd4-55r26 -Namespace yaobank");
        var piped = _ps.Run("Get-Pod -Namespace yaobank summary* | Get-PodRoute");

        Assert.Empty(byName.Errors);
        Assert.Equal(new[] { "default via 169.254.1.1 dev eth0", "169.254.1.1 dev eth0 scope link" }, byName.Objects.Select(o => o.ToString()));
        Assert.Equal(new[] { "yaobank" }, byName.Values("Namespace").Distinct());
        Assert.Empty(piped.Errors);
        Assert.Equal(new[] { "summary-7f89fbcc7c-tsqjz", "summary-7f89fbcc7c-vl9px" }, piped.Values("Pod").Distinct());
        Assert.Equal(4, piped.Objects.Length);
    }

    [Fact]
    public void GetPodRoute_ALiteralMiss_IsAPodNotFound()
    {
        var result = _ps.Run("Get-PodRoute nope -Namespace yaobank");

        var error = Assert.Single(result.Errors);
        Assert.Equal("PodNotFound," + Commands + "GetPodRouteCommand", error.FullyQualifiedErrorId);
        Assert.Equal("nope", error.TargetObject);
    }

    [Theory]
    [InlineData("Get-NodeRoute ip-10-0-0-1", new[] { "ip-10-0-0-10", "ip-10-0-0-11", "ip-10-0-0-12" })]
    [InlineData("Get-NodeRoute -Node ip-10-0-0-12", new[] { "ip-10-0-0-12" })]
    [InlineData("Get-PodRoute -Namespace yaobank summary", new[] { "summary-7f89fbcc7c-tsqjz", "summary-7f89fbcc7c-vl9px" })]
    public void Names_Complete(string input, string[] expected)
    {
        Assert.Equal(expected, _ps.Complete(input));
    }

    [Fact]
    public void AnIpipCluster_ShowsTunl0Routes()
    {
        var result = _ps.Run("""
            $null = New-Cluster -Empty
            New-IpPool -Name ipip -Cidr 10.244.0.0/16 -IpipMode Always
            New-Node node-1 10.0.0.11/24
            New-Node node-2 10.0.0.12/24
            Get-NodeRoute node-1
            """);

        Assert.Empty(result.Errors);
        Assert.Contains(result.Values("Line"), l => l.EndsWith(" via 10.0.0.12 dev tunl0 proto bird onlink", StringComparison.Ordinal));
    }
}

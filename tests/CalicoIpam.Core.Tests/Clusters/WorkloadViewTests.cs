using System;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Net;
using CalicoIpam.Core.Text;
using static CalicoIpam.Core.Tests.Clusters.WorkloadTestKit;

namespace CalicoIpam.Core.Tests.Clusters;

/// <summary>
/// What kubectl-like views read: the AGE text (k8s.io/apimachinery/pkg/util/duration
/// HumanDuration, calico-routes-validation.md §5.4), the pod and deployment columns, and the
/// synthetic clusters of New-Cluster -NodeCount.
/// </summary>
public sealed class WorkloadViewTests
{
    /// <summary>
    /// HumanDuration: seconds := int(d.Seconds()) (truncated toward zero); &lt; -1 → "&lt;invalid&gt;",
    /// &lt; 0 → "0s", &lt; 120 → "Ns"; minutes &lt; 10 → "Mm" or "MmSs"; &lt; 180 → "Mm"; hours &lt; 8 →
    /// "Hh" or "HhMm"; &lt; 48 → "Hh"; &lt; 8 days → "Dd" or "DdHh"; &lt; 2 years → "Dd"; &lt; 8 years →
    /// "Yy" or "YyDd"; else "Yy".
    /// </summary>
    [Theory]
    [InlineData(-3.0, "<invalid>")]
    [InlineData(-2.0, "<invalid>")]
    [InlineData(-1.5, "0s")]
    [InlineData(-1.0, "0s")]
    [InlineData(-0.4, "0s")]
    [InlineData(0.0, "0s")]
    [InlineData(1.9, "1s")]
    [InlineData(59.0, "59s")]
    [InlineData(119.0, "119s")]
    [InlineData(120.0, "2m")]
    [InlineData(125.0, "2m5s")]
    [InlineData(599.0, "9m59s")]
    [InlineData(600.0, "10m")]
    [InlineData(3 * 3600 - 1.0, "179m")]
    [InlineData(3 * 3600.0, "3h")]
    [InlineData(3 * 3600 + 300.0, "3h5m")]
    [InlineData(8 * 3600 - 60.0, "7h59m")]
    [InlineData(8 * 3600.0, "8h")]
    [InlineData(48 * 3600 - 1.0, "47h")]
    [InlineData(48 * 3600.0, "2d")]
    [InlineData(53 * 3600.0, "2d5h")]
    [InlineData(8 * 86400 - 3600.0, "7d23h")]
    [InlineData(8 * 86400.0, "8d")]
    [InlineData(729 * 86400.0, "729d")]
    [InlineData(730 * 86400.0, "2y")]
    [InlineData(731 * 86400.0, "2y1d")]
    [InlineData(8 * 365 * 86400.0, "8y")]
    [InlineData(9 * 365 * 86400 + 100 * 86400.0, "9y")]
    public void HumanDuration_MatchesApimachinery(double seconds, string expected)
    {
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void PodColumns_AsKubectlGetPodWide()
    {
        var cluster = WithPool();
        cluster.Node("node-1");
        var running = cluster.BarePod("web");
        var pending = cluster.BarePod("stuck", nodeSelector: Map(("zone", "x")));

        Assert.Equal("1/1", running.Ready);
        Assert.Equal(0, running.Restarts);
        Assert.Equal(running.IP, running.IpColumn);
        Assert.Equal("node-1", running.NodeColumn);
        Assert.Equal("<none>", running.NominatedNode);
        Assert.Equal("<none>", running.ReadinessGates);
        Assert.Equal("0/1", pending.Ready);
        Assert.Equal("<none>", pending.IpColumn);
        Assert.Equal("<none>", pending.NodeColumn);
        Assert.Matches("^cali[0-9a-f]{11}$", running.Interface);
    }

    [Fact]
    public void Ages_ComeFromTheSimulatedClock()
    {
        var cluster = WithPool();
        cluster.Node("node-1");
        cluster.Deploy("web", 1);

        cluster.Clock.Advance(TimeSpan.FromHours(2));

        var pod = Assert.Single(cluster.GetPods());
        Assert.Equal(HumanDuration.Format(cluster.Now - pod.CreationTimestamp), pod.Age);
        Assert.Equal("120m", pod.Age);
        Assert.Equal("120m", cluster.FindDeployment("default", "web")!.Age);
    }

    [Fact]
    public void DeploymentColumns_AsKubectlGetDeploy()
    {
        var cluster = WithPool("10.9.0.0/30", 30);
        cluster.Node("node-1");

        var deployment = cluster.Deploy("web", 5);

        Assert.Equal("4/5", deployment.Ready);
        Assert.Equal(5, deployment.UpToDate);
        Assert.Equal(4, deployment.Available);
    }

    // ---- synthetic clusters ----------------------------------------------------------------

    [Fact]
    public void Synthetic_Vxlan_EveryNodeHasAVxlanTunnelAddress_AtOrdinalZeroOfItsFirstBlock()
    {
        var cluster = SyntheticCluster.Create(20, "10.32.0.0/16", 0, Encapsulation.VXLAN);

        var nodes = cluster.GetNodes();
        Assert.Equal(20, nodes.Count);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => "node-" + i).OrderBy(n => n, StringComparer.Ordinal), nodes.Select(n => n.Name));
        var pool = Assert.Single(cluster.GetPools());
        Assert.Equal("default-ipv4-ippool", pool.Name);
        Assert.Equal("10.32.0.0/16", pool.Cidr);
        Assert.Equal(26, pool.BlockSize);
        Assert.All(nodes, n =>
        {
            Assert.Equal("", n.IpipTunnelAddress);
            var held = cluster.FindAllocation(IpAddress.Parse(n.VxlanTunnelAddress))!;
            Assert.Equal("vxlan-tunnel-addr-" + n.Name, held.Handle);
            Assert.Equal(n.Name, held.BlockOwner);
            Assert.Equal(held.Block.Network, held.Ip);
            Assert.Single(cluster.GetBlocks(), b => b.Affinity == n.Name);
        });
        Assert.Equal(20, nodes.Select(n => n.VxlanTunnelAddress).Distinct().Count());
        cluster.AssertClean();
    }

    [Fact]
    public void Synthetic_None_HasNoTunnelAddresses_AndNoBlocks()
    {
        var cluster = SyntheticCluster.Create(5, "10.32.0.0/16", 0, Encapsulation.None);

        Assert.All(cluster.GetNodes(), n =>
        {
            Assert.Equal("", n.VxlanTunnelAddress);
            Assert.Equal("", n.IpipTunnelAddress);
        });
        Assert.Empty(cluster.GetBlocks());
    }

    [Fact]
    public void Synthetic_DefaultsToIpip_OnCalicosDefaultPool()
    {
        var cluster = SyntheticCluster.Create(3);

        Assert.Equal("192.168.0.0/16", Assert.Single(cluster.GetPools()).Cidr);
        Assert.All(cluster.GetNodes(), n =>
        {
            Assert.True(InCidr(n.IpipTunnelAddress, "192.168.0.0/16"), n.IpipTunnelAddress);
            Assert.Equal("", n.VxlanTunnelAddress);
        });
        Assert.Equal(NodeRole.ControlPlane, cluster.FindNode("node-1")!.Role);
        Assert.Equal(NodeRole.Worker, cluster.FindNode("node-2")!.Role);
    }

    [Fact]
    public void Synthetic_BlockSizeIsHonoured_AndWorkloadsRun()
    {
        var cluster = SyntheticCluster.Create(4, "10.32.0.0/16", 28, Encapsulation.VXLAN);

        cluster.Deploy("web", 20);

        Assert.Equal(28, Assert.Single(cluster.GetPools()).BlockSize);
        Assert.All(cluster.GetBlocks(), b => Assert.Equal(28, b.Cidr.PrefixLength));
        Assert.All(cluster.GetPods(), p => Assert.Equal(PodStatus.Running, p.Status));
        Assert.Equal(new[] { 5, 5, 5, 5 }, cluster.GetNodes().Select(n => n.PodCount));
        cluster.AssertClean();
    }
}

using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Tests.Clusters;

/// <summary>The embedded lab cluster is exactly what DESIGN §3 lists (state at the start of lab 2.3).</summary>
public sealed class LabClusterTests
{
    [Fact]
    public void HasTheLabsNameAndDefaultSeed()
    {
        var cluster = LabCluster.Create();
        Assert.Equal("calico-ipam-lab", cluster.Name);
        Assert.Equal(LabCluster.Name, cluster.Name);
        Assert.Equal(1, LabCluster.DefaultSeed);
        Assert.Equal(1, cluster.Seed);
    }

    [Fact]
    public void HasExactlyTheTwoLabPoolsInNameOrder()
    {
        var pools = LabCluster.Create().GetPools();
        Assert.Equal(new[] { "default-ipv4-ippool", "external-pool" }, pools.Select(p => p.Name).ToArray());
    }

    [Fact]
    public void DefaultPoolMatchesTheSeedLabsYaml()
    {
        // Seed lab: kubectl get ippool default-ipv4-ippool -o yaml
        // allowedUses [Workload, Tunnel], blockSize 26, cidr 10.48.0.0/24, ipipMode Never,
        // natOutgoing true, nodeSelector all(), vxlanMode Never.
        var pool = LabCluster.Create().FindPool("default-ipv4-ippool")!;
        Assert.Equal("10.48.0.0/24", pool.Cidr);
        Assert.Equal(26, pool.BlockSize);
        Assert.True(pool.NatOutgoing);
        Assert.Equal("all()", pool.NodeSelector);
        Assert.Equal(new[] { IpPoolAllowedUse.Workload, IpPoolAllowedUse.Tunnel }, pool.AllowedUses);
        Assert.Equal(EncapsulationMode.Never, pool.IpipMode);
        Assert.Equal(EncapsulationMode.Never, pool.VxlanMode);
        Assert.False(pool.Disabled);
        Assert.False(pool.DisableBgpExport);
        Assert.Equal(AssignmentMode.Automatic, pool.AssignmentMode);
        Assert.False(pool.IsIPv6);
    }

    [Fact]
    public void ExternalPoolMatchesDesign()
    {
        var pool = LabCluster.Create().FindPool("external-pool")!;
        Assert.Equal("10.48.2.0/24", pool.Cidr);
        Assert.Equal(29, pool.BlockSize);
        Assert.True(pool.NatOutgoing);
        Assert.Equal("all()", pool.NodeSelector);
        Assert.Equal(new[] { IpPoolAllowedUse.Workload, IpPoolAllowedUse.Tunnel }, pool.AllowedUses);
        Assert.Equal(EncapsulationMode.Never, pool.IpipMode);
        Assert.Equal(EncapsulationMode.Never, pool.VxlanMode);
        Assert.False(pool.Disabled);
    }

    [Fact]
    public void DefaultPoolIsOlderThanExternalPool()
    {
        var cluster = LabCluster.Create();
        Assert.True(cluster.FindPool("default-ipv4-ippool")!.CreationTimestamp < cluster.FindPool("external-pool")!.CreationTimestamp);
    }

    [Fact]
    public void PoolsBelongToTheClusterAndLieInThePodNetwork()
    {
        var cluster = LabCluster.Create();
        var podNetwork = Cidr.Parse(LabCluster.Networks[0]);
        Assert.All(cluster.GetPools(), p =>
        {
            Assert.Same(cluster, p.Cluster);
            Assert.True(podNetwork.Contains(p.Network.Address));
        });
    }

    [Fact]
    public void HasExactlyTheThreeLabNodes()
    {
        var nodes = LabCluster.Create().GetNodes();
        Assert.Equal(new[] { "ip-10-0-0-10", "ip-10-0-0-11", "ip-10-0-0-12" }, nodes.Select(n => n.Name).ToArray());
    }

    [Theory]
    [InlineData("ip-10-0-0-10", "10.0.0.10/24", NodeRole.ControlPlane, "control-plane")]
    [InlineData("ip-10-0-0-11", "10.0.0.11/24", NodeRole.Worker, "<none>")]
    [InlineData("ip-10-0-0-12", "10.0.0.12/24", NodeRole.Worker, "<none>")]
    public void NodesHaveTheirAddressRoleAndInterface(string name, string address, NodeRole role, string roles)
    {
        var cluster = LabCluster.Create();
        var node = cluster.FindNode(name)!;
        Assert.Equal(Cidr.Parse(address), node.Address);
        Assert.Equal(address, node.Address.ToString());
        Assert.Equal(address.Split('/')[0], node.InternalIP);
        Assert.Equal("eth0", node.Interface);
        Assert.Equal(role, node.Role);
        Assert.Equal(roles, node.Roles);
        Assert.Equal(name, node.Labels["kubernetes.io/hostname"]);
        Assert.Same(cluster, node.Cluster);
    }

    [Fact]
    public void OnlyTheControlPlaneHasTheControlPlaneLabel()
    {
        var nodes = LabCluster.Create().GetNodes();
        Assert.Equal(
            new[] { "ip-10-0-0-10" },
            nodes.Where(n => n.Labels.ContainsKey("node-role.kubernetes.io/control-plane")).Select(n => n.Name).ToArray());
    }

    [Fact]
    public void NetworksAreThePodAndServiceCidrs()
    {
        Assert.Equal(new[] { "10.48.0.0/16", "10.49.0.0/16" }, LabCluster.Networks);
    }

    [Fact]
    public void CountsMatch()
    {
        var cluster = LabCluster.Create();
        Assert.Equal(3, cluster.NodeCount);
        Assert.Equal(2, cluster.PoolCount);
    }

    [Fact]
    public void EmptyClusterHasNothing()
    {
        var cluster = LabCluster.CreateEmpty();
        Assert.Equal(0, cluster.NodeCount);
        Assert.Equal(0, cluster.PoolCount);
        Assert.Empty(cluster.GetNodes());
        Assert.Empty(cluster.GetPools());
        Assert.Equal(SimulatedClock.Epoch, cluster.Now);
    }

    [Fact]
    public void EachCreateIsAFreshIndependentCopy()
    {
        var a = LabCluster.Create();
        var b = LabCluster.Create();
        a.DeletePool("external-pool");
        Assert.Equal(2, b.PoolCount);
        Assert.NotSame(a.FindPool("default-ipv4-ippool"), b.FindPool("default-ipv4-ippool"));
    }

    [Fact]
    public void TheSameSeedGivesTheSameCluster()
    {
        var a = LabCluster.Create(3);
        var b = LabCluster.Create(3);
        Assert.Equal(
            a.GetPools().Select(p => (p.Name, p.Cidr, p.Uid, p.CreationTimestamp)).ToArray(),
            b.GetPools().Select(p => (p.Name, p.Cidr, p.Uid, p.CreationTimestamp)).ToArray());
        Assert.Equal(
            a.GetNodes().Select(n => (n.Name, n.CreationTimestamp)).ToArray(),
            b.GetNodes().Select(n => (n.Name, n.CreationTimestamp)).ToArray());
    }

    [Fact]
    public void ADifferentSeedGivesDifferentUidsButTheSameLayout()
    {
        var a = LabCluster.Create(1);
        var b = LabCluster.Create(2);
        Assert.Equal(a.GetPools().Select(p => p.Cidr), b.GetPools().Select(p => p.Cidr));
        Assert.NotEqual(a.GetPools().Select(p => p.Uid), b.GetPools().Select(p => p.Uid));
    }
}

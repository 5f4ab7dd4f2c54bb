using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Tests.Ipam;

/// <summary>The acceptance scenarios, end to end through the cluster.</summary>
public sealed class IpamScenarioTests
{
    private static Cluster EmptyWithPool(string cidr, int blockSize = 26)
    {
        var cluster = LabCluster.CreateEmpty();
        cluster.CreatePool("pool", new IpPoolSpec { Cidr = cidr, BlockSize = blockSize });
        return cluster;
    }

    private static Pod RunPod(Cluster cluster, string name, string node) =>
        cluster.CreatePod(new PodSpec { Namespace = "default", Name = name, Node = node });

    [Fact]
    public void FirstPodOnNode1_GetsTheFirstAddressOfItsWalksFirstBlock()
    {
        var cluster = EmptyWithPool("10.244.0.0/16");
        cluster.CreateNode("node-1", Cidr.Parse("10.0.0.11/24"));

        var pod = RunPod(cluster, "web", "node-1");

        Assert.Equal(PodStatus.Running, pod.Status);
        Assert.Equal("10.244.84.128", pod.IP);
        var block = Assert.Single(cluster.GetBlocks());
        Assert.Equal("10.244.84.128/26", block.Cidr.ToString());
        Assert.Equal("node-1", block.Affinity);
    }

    [Fact]
    public void FiveHostsOnASlash24_CollideAsCalicoDoes_ThenTheFifthBorrows()
    {
        var cluster = EmptyWithPool("10.0.0.0/24");
        var hosts = new[] { "node-1", "kind-worker", "node-2", "worker-1", "node-3" };
        for (var i = 0; i < hosts.Length; i++)
        {
            cluster.CreateNode(hosts[i], Cidr.Parse($"192.168.1.{i + 10}/24"));
        }

        var ips = hosts.Select((h, i) => RunPod(cluster, "p" + i, h).IP).ToArray();

        // calico-ipam.md §3.5 collision example: node-1 .128, kind-worker .192, node-2 .0, worker-1 .64.
        Assert.Equal(new[] { "10.0.0.128", "10.0.0.192", "10.0.0.0", "10.0.0.64" }, ips.Take(4));
        var affinities = cluster.GetBlockAffinities().ToDictionary(a => a.Node, a => a.Cidr.ToString());
        Assert.Equal("10.0.0.128/26", affinities["node-1"]);
        Assert.Equal("10.0.0.192/26", affinities["kind-worker"]);
        Assert.Equal("10.0.0.0/26", affinities["node-2"]);
        Assert.Equal("10.0.0.64/26", affinities["worker-1"]);
        Assert.False(affinities.ContainsKey("node-3"));

        // node-3 owns no block: it borrows the next free address of the first block in its walk.
        var borrowed = cluster.FindAllocation(IpAddress.Parse(ips[4]))!;
        Assert.True(borrowed.Borrowed);
        Assert.Equal("node-3", borrowed.Node);
        Assert.Equal(1, (int)borrowed.Ip.OffsetFrom(borrowed.Block.Network));
    }

    [Fact]
    public void StrictAffinity_StopsBorrowing_WithCalicosMessage()
    {
        var cluster = EmptyWithPool("10.0.0.0/24");
        cluster.SetIpamConfig(new IpamConfig { StrictAffinity = true });
        var hosts = new[] { "node-1", "kind-worker", "node-2", "worker-1", "node-3" };
        foreach (var host in hosts)
        {
            cluster.CreateNode(host, Cidr.Parse("192.168.1.10/24"));
        }

        var pods = hosts.Select((h, i) => RunPod(cluster, "p" + i, h)).ToArray();

        Assert.All(pods.Take(4), p => Assert.Equal(PodStatus.Running, p.Status));
        Assert.Equal(PodStatus.ContainerCreating, pods[4].Status);
        Assert.Equal("", pods[4].IP);
        Assert.Equal("failed to request IPv4 addresses: Assigned 0 out of 1 requested IPv4 addresses; "
            + "No more free affine blocks and strict affinity enabled", pods[4].Message);
    }

    [Fact]
    public void ExhaustedPool_WithoutStrictAffinity_ReportsTheExhaustedPools()
    {
        var cluster = EmptyWithPool("10.0.0.0/30", blockSize: 30);
        cluster.CreateNode("node-1", Cidr.Parse("192.168.1.10/24"));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(PodStatus.Running, RunPod(cluster, "p" + i, "node-1").Status);
        }

        var fifth = RunPod(cluster, "p4", "node-1");

        Assert.Equal(PodStatus.ContainerCreating, fifth.Status);
        Assert.Equal("failed to request IPv4 addresses: Assigned 0 out of 1 requested IPv4 addresses; "
            + "No IPs available in pools: [10.0.0.0/30]", fifth.Message);

        // A freed address lets the waiting pod start (kubelet retries the sandbox).
        cluster.DeletePod("default", "p1");
        Assert.Equal(PodStatus.Running, cluster.FindPod("default", "p4")!.Status);
        Assert.Equal("10.0.0.1", cluster.FindPod("default", "p4")!.IP);
    }
}

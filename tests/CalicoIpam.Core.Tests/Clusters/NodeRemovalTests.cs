using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Net;
using static CalicoIpam.Core.Tests.Clusters.WorkloadTestKit;

namespace CalicoIpam.Core.Tests.Clusters;

/// <summary>
/// Node changes and their IPAM consequences: kubectl label node (calico-ipam.md §2.2 step 6
/// and §9: a pool that stops selecting a node loses the node's empty affine blocks at its next
/// AutoAssign; non-empty ones keep their affinity until they empty; calico-node re-checks the
/// tunnel address at once), kubectl delete node (§5.4: pods deleted and recreated by their
/// controllers elsewhere, pod and tunnel addresses released, empty blocks deleted, a block
/// with an address borrowed by another node kept until that address goes), and
/// kubectl delete namespace.
/// </summary>
public sealed class NodeRemovalTests
{
    private static IReadOnlyDictionary<string, string?> Set(string key, string? value) =>
        new Dictionary<string, string?> { [key] = value };

    private static List<string> BlocksOf(Cluster cluster, string node, string pool) =>
        cluster.GetBlocks().Where(b => b.Affinity == node && b.Pool == pool).Select(b => b.Cidr.ToString()).ToList();

    // ---- labels ---------------------------------------------------------------------------

    [Fact]
    public void Relabelling_ReleasesTheEmptyBlocksOfAPoolThatNoLongerSelectsTheNode_AtItsNextPod()
    {
        var cluster = LabCluster.CreateEmpty();
        cluster.Pool("pool-a", "10.1.0.0/24", 30, nodeSelector: "zone == 'a'");
        cluster.Pool("pool-b", "10.2.0.0/24", 30);
        cluster.Node("n1", ("zone", "a"));
        for (var i = 1; i <= 5; i++)
        {
            Assert.True(InCidr(cluster.BarePod("p" + i, "n1").IP, "10.1.0.0/24"));
        }
        cluster.DeletePod("default", "p5");
        var poolABlocks = BlocksOf(cluster, "n1", "pool-a");
        Assert.Equal(2, poolABlocks.Count);
        var full = cluster.FindAllocation(IpAddress.Parse(cluster.Pod("p1").IP))!.Block.ToString();
        var empty = poolABlocks.Single(b => b != full);

        cluster.SetNodeLabels("n1", Set("zone", "b"));

        // Nothing happens to blocks until the node's next allocation.
        Assert.Equal(poolABlocks, BlocksOf(cluster, "n1", "pool-a"));
        Assert.Equal("b", cluster.FindNode("n1")!.Labels["zone"]);

        var p6 = cluster.BarePod("p6", "n1");

        Assert.True(InCidr(p6.IP, "10.2.0.0/24"), p6.IP);
        Assert.Equal(new[] { full }, BlocksOf(cluster, "n1", "pool-a"));
        Assert.DoesNotContain(cluster.GetBlocks(), b => b.Cidr.ToString() == empty);
        // Running pods keep their addresses.
        Assert.All(new[] { "p1", "p2", "p3", "p4" }, p => Assert.True(InCidr(cluster.Pod(p).IP, full)));
        cluster.AssertClean();

        // The kept block loses its affinity once it empties (ensureConsistentAffinity on release).
        foreach (var p in new[] { "p1", "p2", "p3", "p4" })
        {
            cluster.DeletePod("default", p);
        }
        Assert.Empty(BlocksOf(cluster, "n1", "pool-a"));
        Assert.DoesNotContain(cluster.GetBlockAffinities(), a => a.Cidr.ToString() == full);
        cluster.AssertClean();
    }

    [Fact]
    public void Relabelling_MovesTheTunnelAddressAtOnce()
    {
        var cluster = LabCluster.CreateEmpty();
        cluster.Pool("ipip-a", "10.1.0.0/24", 26, nodeSelector: "zone == 'a'", ipipMode: "Always");
        cluster.Pool("ipip-b", "10.2.0.0/24", 26, nodeSelector: "zone == 'b'", ipipMode: "Always");
        var node = cluster.Node("n1", ("zone", "a"));
        var first = node.IpipTunnelAddress;
        Assert.True(InCidr(first, "10.1.0.0/24"), first);
        // The tunnel is the node's first allocation: ordinal 0 of its first block.
        var held = cluster.FindAllocation(IpAddress.Parse(first))!;
        Assert.Equal(held.Block.Network, held.Ip);
        Assert.Equal("ipip-tunnel-addr-n1", held.Handle);

        var moved = cluster.SetNodeLabels("n1", Set("zone", "b"));

        Assert.True(InCidr(moved.IpipTunnelAddress, "10.2.0.0/24"), moved.IpipTunnelAddress);
        Assert.Null(cluster.FindAllocation(IpAddress.Parse(first)));
        Assert.Equal("ipip-tunnel-addr-n1", cluster.FindAllocation(IpAddress.Parse(moved.IpipTunnelAddress))!.Handle);
        // The release emptied the ipip-a block, which no longer selects n1: it goes.
        Assert.Empty(BlocksOf(cluster, "n1", "ipip-a"));
        cluster.AssertClean();

        var none = cluster.SetNodeLabels("n1", Set("zone", null));

        Assert.Equal("", none.IpipTunnelAddress);
        Assert.False(none.Labels.ContainsKey("zone"));
        Assert.Empty(cluster.GetAllocations());
        cluster.AssertClean();
    }

    [Fact]
    public void InvalidLabel_IsRefused_AndNothingChanges()
    {
        var cluster = LabCluster.CreateEmpty();
        cluster.Node("n1", ("zone", "a"));

        var ex = Assert.Throws<KubernetesValidationException>(() => cluster.SetNodeLabels("n1", Set("zone", "a b")));

        Assert.StartsWith("Node \"n1\" is invalid: metadata.labels: Invalid value: \"a b\": a valid label must be", ex.Message);
        Assert.Equal("a", cluster.FindNode("n1")!.Labels["zone"]);
        Assert.Equal("nodes \"n2\" not found",
            Assert.Throws<ResourceNotFoundException>(() => cluster.SetNodeLabels("n2", Set("zone", "a"))).Message);
    }

    // ---- node removal ---------------------------------------------------------------------

    [Fact]
    public void RemoveNode_DeletesItsPods_AndControllersRecreateThemElsewhere_WithNewNamesAndAddresses()
    {
        var cluster = LabCluster.CreateEmpty();
        cluster.Pool("pool", "10.244.0.0/16", 26, ipipMode: "Always");
        cluster.Node("node-1");
        cluster.Node("node-2");
        cluster.Node("node-3");
        cluster.Deploy("web", 6);
        cluster.BarePod("solo", "node-2");
        var onNode2 = cluster.GetPods().Where(p => p.Node == "node-2").ToList();
        Assert.Equal(3, onNode2.Count);
        var tunnel = cluster.FindNode("node-2")!.IpipTunnelAddress;
        Assert.NotEqual("", tunnel);
        var oldIps = cluster.GetPods().Select(p => p.IP).ToList();

        cluster.RemoveNode("node-2");

        Assert.Null(cluster.FindNode("node-2"));
        var web = cluster.PodsOf("web");
        Assert.Equal(6, web.Count);
        Assert.All(web, p =>
        {
            Assert.Equal(PodStatus.Running, p.Status);
            Assert.NotEqual("node-2", p.Node);
        });
        Assert.Empty(web.Select(p => p.Name).Intersect(onNode2.Select(p => p.Name)));
        var replacements = web.Where(p => !oldIps.Contains(p.IP)).ToList();
        Assert.Equal(2, replacements.Count);
        Assert.Null(cluster.FindPod("default", "solo"));
        // Nothing of node-2 is left in IPAM: pods, tunnel, blocks, affinities.
        Assert.DoesNotContain(cluster.GetAllocations(), a => a.Node == "node-2" || a.BlockOwner == "node-2");
        Assert.Null(cluster.FindAllocation(IpAddress.Parse(tunnel)));
        Assert.DoesNotContain(cluster.GetBlocks(), b => b.Affinity == "node-2");
        Assert.DoesNotContain(cluster.GetBlockAffinities(), a => a.Node == "node-2");
        Assert.Equal("6/6", cluster.FindDeployment("default", "web")!.Ready);
        cluster.AssertClean();
    }

    [Fact]
    public void RemoveNode_KeepsABlockWithABorrowedAddress_UntilThatAddressIsReleased()
    {
        // One /26 block in the pool: node-1 claims it, node-2 must borrow from it.
        var cluster = WithPool("10.9.0.0/26", 26);
        cluster.Node("node-1");
        cluster.Node("node-2");
        cluster.BarePod("a", "node-1");
        var borrower = cluster.BarePod("b", "node-2");
        var borrowed = cluster.FindAllocation(IpAddress.Parse(borrower.IP))!;
        Assert.True(borrowed.Borrowed);
        Assert.Equal("node-1", borrowed.BlockOwner);

        cluster.RemoveNode("node-1");

        Assert.Null(cluster.FindPod("default", "a"));
        var block = Assert.Single(cluster.GetBlocks());
        Assert.Equal("node-1", block.Affinity);
        Assert.Equal(1, block.InUse);
        Assert.Equal(borrower.IP, cluster.Pod("b").IP);
        cluster.AssertClean();

        cluster.DeletePod("default", "b");

        Assert.Empty(cluster.GetBlocks());
        Assert.Empty(cluster.GetBlockAffinities());
        cluster.AssertClean();
    }

    [Fact]
    public void RemoveTheOnlyNode_LeavesControlledPodsPending()
    {
        var cluster = WithPool();
        cluster.Node("node-1");
        cluster.Deploy("web", 2);

        cluster.RemoveNode("node-1");

        var pods = cluster.GetPods("default");
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.Equal(PodStatus.Pending, p.Status);
            Assert.Equal("no nodes available to schedule pods", p.Message);
        });
        Assert.Empty(cluster.GetAllocations());
        Assert.Empty(cluster.GetBlocks());
        cluster.AssertClean();

        cluster.Node("node-2");

        Assert.All(cluster.GetPods("default"), p => Assert.Equal(PodStatus.Running, p.Status));
        cluster.AssertClean();
    }

    [Fact]
    public void RemoveMissingNode_IsNotFound()
    {
        var cluster = LabCluster.CreateEmpty();

        Assert.Equal("nodes \"x\" not found", Assert.Throws<ResourceNotFoundException>(() => cluster.RemoveNode("x")).Message);
    }

    // ---- namespaces -----------------------------------------------------------------------

    [Fact]
    public void RemoveNamespace_RemovesItsDeploymentsAndPods_AndReleasesTheirAddresses()
    {
        var cluster = WithPool();
        cluster.Node("node-1");
        cluster.CreateNamespace("team");
        cluster.Deploy("web", 3, "team");
        cluster.BarePod("solo", ns: "team");
        cluster.Deploy("keep", 1);
        var kept = Assert.Single(cluster.GetPods("default"));

        cluster.RemoveNamespace("team");

        Assert.Null(cluster.FindNamespace("team"));
        Assert.Empty(cluster.GetPods("team"));
        Assert.Empty(cluster.GetDeployments("team"));
        Assert.Empty(cluster.GetReplicaSets("team"));
        Assert.Equal(new[] { kept.IP }, cluster.GetAllocations().Select(a => a.Ip.ToString()));
        Assert.Equal(kept.Name, Assert.Single(cluster.GetPods()).Name);
        cluster.AssertClean();
    }

    [Theory]
    [InlineData("default")]
    [InlineData("kube-system")]
    public void RemoveNamespace_DefaultAndKubeSystem_AreForbidden(string name)
    {
        var cluster = WithPool();
        cluster.Node("node-1");
        cluster.Deploy("web", 1, name);

        var ex = Assert.Throws<KubernetesForbiddenException>(() => cluster.RemoveNamespace(name));

        Assert.Equal($"namespaces \"{name}\" is forbidden: this namespace may not be deleted", ex.Message);
        Assert.NotNull(cluster.FindNamespace(name));
        Assert.Single(cluster.GetPods(name));
    }

    [Fact]
    public void RemoveMissingNamespace_IsNotFound()
    {
        var cluster = LabCluster.CreateEmpty();

        Assert.Equal("namespaces \"x\" not found", Assert.Throws<ResourceNotFoundException>(() => cluster.RemoveNamespace("x")).Message);
    }
}

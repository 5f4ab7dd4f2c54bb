using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Clusters;
using static CalicoIpam.Core.Tests.Clusters.WorkloadTestKit;

namespace CalicoIpam.Core.Tests.Clusters;

/// <summary>
/// The scheduler: nodeSelector (NodeAffinity filter), kubelet's 110 pods (NodeResourcesFit
/// "Too many pods"), spreading (fewest pods first, ties by name), and the FailedScheduling
/// text of pkg/scheduler/framework/types.go FitError.Error():
/// "0/N nodes are available: &lt;sorted "count reason" list&gt;." then " " + the PostFilter
/// message, which DefaultPreemption prefixes with "preemption: " and builds from another
/// FitError over its own per-node statuses ("No preemption victims found for incoming pod"
/// where the node failed a resolvable filter, "Preemption is not helpful for scheduling" where
/// it failed an unresolvable one, such as the node selector). Current releases append the
/// PostFilter message without an extra period (older ones printed "..").
/// </summary>
public sealed class SchedulerTests
{
    private static Cluster Nodes(params string[] names)
    {
        var cluster = WithPool();
        foreach (var name in names)
        {
            cluster.Node(name);
        }
        return cluster;
    }

    /// <summary>Puts <paramref name="count"/> pods on <paramref name="node"/> by spec.nodeName.</summary>
    private static void Fill(Cluster cluster, string node, int count)
    {
        for (var i = 0; i < count; i++)
        {
            cluster.BarePod($"{node}-fill-{i}", node);
        }
    }

    [Fact]
    public void SpreadsReplicas_FewestPodsFirst_TiesByName()
    {
        var cluster = Nodes("node-b", "node-c", "node-a");

        cluster.Deploy("web", 7);

        var byCreation = cluster.GetPods("default").OrderBy(p => p.CreationTimestamp).Select(p => p.Node);
        Assert.Equal(new[] { "node-a", "node-b", "node-c", "node-a", "node-b", "node-c", "node-a" }, byCreation);
    }

    [Fact]
    public void ThePodGoesToTheLeastLoadedNode()
    {
        var cluster = Nodes("node-a", "node-b", "node-c");
        Fill(cluster, "node-a", 3);
        Fill(cluster, "node-b", 1);
        Fill(cluster, "node-c", 2);

        Assert.Equal("node-b", cluster.BarePod("web").Node);
        // node-b and node-c now have two each: the tie goes to node-b by name.
        Assert.Equal("node-b", cluster.BarePod("web2").Node);
        Assert.Equal("node-c", cluster.BarePod("web3").Node);
        // Three each: node-a by name.
        Assert.Equal("node-a", cluster.BarePod("web4").Node);
    }

    [Fact]
    public void NodeSelector_IsHonoured()
    {
        var cluster = WithPool();
        cluster.Node("node-a", ("zone", "a"));
        cluster.Node("node-b", ("zone", "b"));
        cluster.Node("node-c", ("zone", "b"), ("disk", "ssd"));

        cluster.Deploy("web", 4, nodeSelector: Map(("zone", "b")));
        cluster.Deploy("db", 2, nodeSelector: Map(("zone", "b"), ("disk", "ssd")));
        cluster.Deploy("host", 1, nodeSelector: Map(("kubernetes.io/hostname", "node-a")));

        Assert.All(cluster.PodsOf("web"), p => Assert.Contains(p.Node, new[] { "node-b", "node-c" }));
        Assert.Equal(2, cluster.PodsOf("web").Count(p => p.Node == "node-b"));
        Assert.All(cluster.PodsOf("db"), p => Assert.Equal("node-c", p.Node));
        Assert.Equal("node-a", Assert.Single(cluster.PodsOf("host")).Node);
        Assert.All(cluster.GetPods(), p => Assert.Equal(PodStatus.Running, p.Status));
    }

    [Fact]
    public void NoNodes_LeavesThePodPending_WithTheSchedulersError()
    {
        var cluster = WithPool();

        var pod = cluster.BarePod("web");

        Assert.Equal(PodStatus.Pending, pod.Status);
        Assert.Equal("", pod.Node);
        Assert.Equal("<none>", pod.NodeColumn);
        Assert.Equal("<none>", pod.IpColumn);
        Assert.Equal("0/1", pod.Ready);
        Assert.Equal("no nodes available to schedule pods", pod.Message);
        Assert.Empty(cluster.GetAllocations());
    }

    [Fact]
    public void NoMatchingNode_LeavesThePodPending_WithFitErrorText()
    {
        var cluster = Nodes("node-a", "node-b", "node-c");

        cluster.Deploy("web", 1, nodeSelector: Map(("zone", "x")));

        var pod = Assert.Single(cluster.GetPods("default"));
        Assert.Equal(PodStatus.Pending, pod.Status);
        Assert.Equal("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. "
            + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.", pod.Message);
        var e = Assert.Single(cluster.Events("FailedScheduling"));
        Assert.Equal(pod.Message, e.Message);
        Assert.Equal("Warning", e.Type);
    }

    [Fact]
    public void ANodeTakesAtMost110Pods_TheRestStayPending()
    {
        var cluster = Nodes("node-a");
        Assert.Equal(110, Cluster.MaxPodsPerNode);

        cluster.Deploy("web", 111);

        var pods = cluster.GetPods("default");
        Assert.Equal(110, pods.Count(p => p.Node == "node-a" && p.Status == PodStatus.Running));
        var pending = Assert.Single(pods, p => p.Status == PodStatus.Pending);
        Assert.Equal("0/1 nodes are available: 1 Too many pods. "
            + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.", pending.Message);
        Assert.Equal(110, cluster.FindNode("node-a")!.PodCount);
        Assert.Equal("110/111", cluster.FindDeployment("default", "web")!.Ready);
        cluster.AssertClean();
    }

    [Fact]
    public void MixedReasons_AreCountedAndSortedAsGoSortsTheStrings()
    {
        var cluster = WithPool();
        cluster.Node("node-a", ("zone", "a"));
        cluster.Node("node-b", ("zone", "b"));
        cluster.Node("node-c", ("zone", "b"));
        Fill(cluster, "node-a", 110);

        var pod = cluster.BarePod("web", nodeSelector: Map(("zone", "a")));

        Assert.Equal(PodStatus.Pending, pod.Status);
        Assert.Equal("0/3 nodes are available: 1 Too many pods, 2 node(s) didn't match Pod's node affinity/selector. "
            + "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
            pod.Message);
    }

    [Fact]
    public void EqualCounts_SortByTheReasonText()
    {
        var cluster = WithPool();
        cluster.Node("node-a", ("zone", "a"));
        cluster.Node("node-b", ("zone", "b"));
        Fill(cluster, "node-a", 110);

        var pod = cluster.BarePod("web", nodeSelector: Map(("zone", "a")));

        // "1 Too many pods" < "1 node(s) ..." ('T' < 'n'); "1 No ..." < "1 Preemption ..." ('N' < 'P').
        Assert.Equal("0/2 nodes are available: 1 Too many pods, 1 node(s) didn't match Pod's node affinity/selector. "
            + "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
            pod.Message);
    }

    [Fact]
    public void PendingPods_AreScheduledWhenANodeIsAdded()
    {
        var cluster = WithPool();
        cluster.Deploy("web", 2);
        Assert.All(cluster.GetPods("default"), p => Assert.Equal(PodStatus.Pending, p.Status));

        cluster.Node("node-a");

        var pods = cluster.GetPods("default");
        Assert.All(pods, p =>
        {
            Assert.Equal(PodStatus.Running, p.Status);
            Assert.Equal("node-a", p.Node);
            Assert.Equal("", p.Message);
        });
        Assert.Equal(2, cluster.Events("Scheduled").Count);
        Assert.Equal("2/2", cluster.FindDeployment("default", "web")!.Ready);
        cluster.AssertClean();
    }

    [Fact]
    public void PendingPods_AreScheduledWhenANodeGetsTheLabel()
    {
        var cluster = Nodes("node-a", "node-b");
        cluster.Deploy("web", 1, nodeSelector: Map(("gpu", "yes")));
        Assert.Equal(PodStatus.Pending, Assert.Single(cluster.GetPods("default")).Status);

        cluster.SetNodeLabels("node-b", new Dictionary<string, string?> { ["gpu"] = "yes" });

        var pod = Assert.Single(cluster.GetPods("default"));
        Assert.Equal(PodStatus.Running, pod.Status);
        Assert.Equal("node-b", pod.Node);
        cluster.AssertClean();
    }

    [Fact]
    public void PendingPods_AreScheduledWhenRoomIsMade()
    {
        var cluster = Nodes("node-a");
        Fill(cluster, "node-a", 110);
        var pod = cluster.BarePod("web");
        Assert.Equal(PodStatus.Pending, pod.Status);

        cluster.DeletePod("default", "node-a-fill-0");

        Assert.Equal(PodStatus.Running, cluster.Pod("web").Status);
        Assert.Equal("node-a", cluster.Pod("web").Node);
    }

    [Fact]
    public void ANodeNameOnThePod_BypassesTheScheduler()
    {
        var cluster = WithPool();
        cluster.Node("node-a", ("zone", "a"));
        cluster.Node("node-b", ("zone", "b"));

        var pod = cluster.BarePod("web", "node-b", nodeSelector: Map(("zone", "b")));

        Assert.Equal("node-b", pod.Node);
        Assert.Equal(PodStatus.Running, pod.Status);
        Assert.Equal("missing",
            Assert.Throws<ResourceNotFoundException>(() => cluster.BarePod("x", "missing")).Name);
    }

    [Fact]
    public void NodePodCounts_FollowPodsComingAndGoing()
    {
        var cluster = Nodes("node-a", "node-b");
        cluster.Deploy("web", 3);

        Assert.Equal(new[] { 2, 1 }, cluster.GetNodes().Select(n => n.PodCount));

        cluster.Scale("web", 2);

        Assert.Equal(new[] { 1, 1 }, cluster.GetNodes().Select(n => n.PodCount));

        cluster.DeleteDeployment("default", "web");

        Assert.Equal(new[] { 0, 0 }, cluster.GetNodes().Select(n => n.PodCount));
    }
}

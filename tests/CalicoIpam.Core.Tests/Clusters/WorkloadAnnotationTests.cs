using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Clusters;
using static CalicoIpam.Core.Tests.Clusters.WorkloadTestKit;

namespace CalicoIpam.Core.Tests.Clusters;

/// <summary>
/// Calico's pool annotations where Kubernetes keeps them (calico-ipam.md §2.1, lab scenarios
/// 9, 11 and 13): on a Deployment's pod template the annotation is a template change, so it
/// rolls out; on a namespace it applies to pods whose sandbox is made later; on a pod it only
/// matters when a sandbox is made for it (the CNI plugin reads annotations at ADD time), so a
/// running pod keeps its address.
/// </summary>
public sealed class WorkloadAnnotationTests
{
    private static Cluster TwoPools()
    {
        var cluster = LabCluster.CreateEmpty();
        cluster.Pool("pool-a", "10.1.0.0/16");
        cluster.Pool("pool-b", "10.2.0.0/16");
        cluster.Node("node-1");
        cluster.Node("node-2");
        return cluster;
    }

    [Fact]
    public void OnADeploymentTemplate_RollsOut_AndEveryNewPodIsInTheAnnotatedPool()
    {
        var cluster = TwoPools();
        var first = cluster.Deploy("web", 3);
        Assert.All(cluster.PodsOf("web"), p => Assert.True(InCidr(p.IP, "10.1.0.0/16"), p.IP));

        var updated = cluster.AnnotateTemplate("web", Ipv4Pools, "[\"pool-b\"]");

        Assert.NotEqual(first.CurrentReplicaSet, updated.CurrentReplicaSet);
        var pods = cluster.PodsOf("web");
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.Equal(updated.CurrentReplicaSet, p.ReplicaSet);
            Assert.True(InCidr(p.IP, "10.2.0.0/16"), p.IP);
            Assert.Equal("[\"pool-b\"]", p.Annotations[Ipv4Pools]);
        });
        cluster.AssertClean();
    }

    /// <summary>
    /// Without an annotation every pool that selects the node is allowed, and Calico uses the
    /// node's existing affine blocks with free addresses before claiming new ones (§2.4): the
    /// pods of the un-annotated template stay in pool-b's blocks although pool-a sorts first.
    /// </summary>
    [Fact]
    public void RemovingTheTemplateAnnotation_RollsOut_AndTheNodesExistingBlocksAreUsedFirst()
    {
        var cluster = TwoPools();
        var first = cluster.Deploy("web", 2, annotations: Map((Ipv4Pools, "[\"pool-b\"]")));

        var back = cluster.AnnotateTemplate("web", Ipv4Pools, null);

        Assert.NotEqual(first.CurrentReplicaSet, back.CurrentReplicaSet);
        Assert.All(cluster.PodsOf("web"), p =>
        {
            Assert.Equal(back.CurrentReplicaSet, p.ReplicaSet);
            Assert.False(p.Annotations.ContainsKey(Ipv4Pools));
            Assert.True(InCidr(p.IP, "10.2.0.0/16"), p.IP);
        });
        Assert.DoesNotContain(cluster.GetBlocks(), b => b.Pool == "pool-a");
        cluster.AssertClean();
    }

    [Fact]
    public void OnANamespace_AppliesToLaterPodsOnly()
    {
        var cluster = TwoPools();
        cluster.CreateNamespace("team");
        cluster.Deploy("web", 2, "team");
        var before = cluster.GetPods("team").ToDictionary(p => p.Name, p => p.IP);

        cluster.SetNamespaceAnnotations("team", new Dictionary<string, string?> { [Ipv4Pools] = "[\"pool-b\"]" });

        Assert.Equal(before, cluster.GetPods("team").ToDictionary(p => p.Name, p => p.IP));
        Assert.Equal("[\"pool-b\"]", cluster.FindNamespace("team")!.Annotations[Ipv4Pools]);

        cluster.Scale("web", 3, "team");

        var added = Assert.Single(cluster.GetPods("team"), p => !before.ContainsKey(p.Name));
        Assert.True(InCidr(added.IP, "10.2.0.0/16"), added.IP);
        Assert.All(before, b => Assert.True(InCidr(b.Value, "10.1.0.0/16")));
        cluster.AssertClean();
    }

    [Fact]
    public void APodsAnnotation_BeatsItsNamespaces()
    {
        var cluster = TwoPools();
        cluster.CreateNamespace("team", annotations: Map((Ipv4Pools, "[\"pool-b\"]")));

        var pod = cluster.BarePod("web", ns: "team", annotations: Map((Ipv4Pools, "[\"pool-a\"]")));

        Assert.True(InCidr(pod.IP, "10.1.0.0/16"), pod.IP);
    }

    [Fact]
    public void OnARunningPod_ChangesNothingUntilThePodIsRecreated()
    {
        var cluster = TwoPools();
        cluster.Deploy("web", 1);
        var pod = Assert.Single(cluster.PodsOf("web"));

        var annotated = cluster.SetPodAnnotations("default", pod.Name, new Dictionary<string, string?> { [Ipv4Pools] = "[\"pool-b\"]" });

        Assert.Equal(pod.IP, annotated.IP);
        Assert.Equal(pod.ContainerId, annotated.ContainerId);
        Assert.Equal("[\"pool-b\"]", annotated.Annotations[Ipv4Pools]);
        Assert.Equal(pod.IP, cluster.Pod(pod.Name).IP);
        // Its replacement comes from the template, which has no annotation.
        cluster.DeletePod("default", pod.Name);
        Assert.True(InCidr(Assert.Single(cluster.PodsOf("web")).IP, "10.1.0.0/16"));
        cluster.AssertClean();
    }

    /// <summary>A pod still waiting for its sandbox gets the CNI ADD again; the plugin reads
    /// the pod's annotations at each ADD, so a corrected annotation lets it start.</summary>
    [Fact]
    public void OnAWaitingPod_TheNextSandboxUsesIt()
    {
        var cluster = TwoPools();
        var pod = cluster.BarePod("web", annotations: Map((Ipv4Pools, "[\"nope\"]")));
        Assert.Equal(PodStatus.ContainerCreating, pod.Status);

        cluster.SetPodAnnotations("default", "web", new Dictionary<string, string?> { [Ipv4Pools] = "[\"pool-b\"]" });

        var started = cluster.Pod("web");
        Assert.Equal(PodStatus.Running, started.Status);
        Assert.True(InCidr(started.IP, "10.2.0.0/16"), started.IP);
        cluster.AssertClean();
    }

    [Fact]
    public void IpAddrsOnATemplate_RollsOut_ToThatAddress()
    {
        var cluster = TwoPools();
        cluster.Deploy("db", 1);

        cluster.AnnotateTemplate("db", IpAddrs, "[\"10.2.3.4\"]");

        var pod = Assert.Single(cluster.PodsOf("db"));
        Assert.Equal("10.2.3.4", pod.IP);
        Assert.Equal(PodStatus.Running, pod.Status);
        cluster.AssertClean();
    }

    /// <summary>
    /// The calico plugin copies ipv6pools into the IPAM config whatever the IP families, and
    /// calico-ipam resolves both lists before assigning (ipam_plugin.go: utils.ResolvePools for
    /// IPv4Pools, then IPv6Pools), so a bad ipv6pools entry fails an IPv4-only pod too.
    /// </summary>
    [Theory]
    [InlineData("[\"nope6\"]", "error parsing pool \"nope6\": invalid CIDR address: nope6")]
    [InlineData("[\"pool-b\"]", "\"10.2.0.0\" isn't a IPv6 address")]
    public void ABadIpv6PoolsAnnotation_FailsTheSandbox(string annotation, string message)
    {
        var cluster = TwoPools();

        var pod = cluster.BarePod("web", annotations: Map((Ipv6Pools, annotation)));

        Assert.Equal(PodStatus.ContainerCreating, pod.Status);
        Assert.Equal(message, pod.Message);
        cluster.AssertClean();
    }
}

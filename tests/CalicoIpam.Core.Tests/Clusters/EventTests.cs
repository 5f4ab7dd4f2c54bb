using System.Linq;
using CalicoIpam.Core.Clusters;
using static CalicoIpam.Core.Tests.Clusters.WorkloadTestKit;

namespace CalicoIpam.Core.Tests.Clusters;

/// <summary>
/// Events with the reasons and texts of the components that record them:
/// deployment controller (pkg/controller/deployment/sync.go: getNewReplicaSet records
/// "Scaled up replica set %s to %d" for a ReplicaSet it creates, scaleReplicaSet records
/// "Scaled %s replica set %s to %d from %d"), ReplicaSet controller (controller_utils.go:
/// "Created pod: %v", "Deleted pod: %v"), scheduler ("Successfully assigned %v/%v to %v",
/// FailedScheduling), kubelet (Killing "Stopping container %s", FailedCreatePodSandBox).
/// </summary>
public sealed class EventTests
{
    private static Cluster OneNode()
    {
        var cluster = WithPool();
        cluster.Node("node-1");
        return cluster;
    }

    [Fact]
    public void Scheduled_NamesNamespacePodAndNode()
    {
        var cluster = OneNode();

        var pod = cluster.BarePod("web");

        var e = Assert.Single(cluster.Events("Scheduled"));
        Assert.Equal("Normal", e.Type);
        Assert.Equal("pod/web", e.Object);
        Assert.Equal("default", e.Namespace);
        Assert.Equal("Successfully assigned default/web to node-1", e.Message);
        Assert.Equal(pod.CreationTimestamp, e.Time);
        Assert.Same(cluster, e.Cluster);
    }

    [Fact]
    public void APodBoundByNodeName_IsNotScheduled_SoHasNoScheduledEvent()
    {
        var cluster = OneNode();

        cluster.BarePod("web", "node-1");

        Assert.Empty(cluster.Events("Scheduled"));
    }

    [Fact]
    public void FailedScheduling_IsAWarningWithTheSchedulersMessage()
    {
        var cluster = LabCluster.CreateEmpty();

        cluster.BarePod("web");

        var e = Assert.Single(cluster.Events("FailedScheduling"));
        Assert.Equal("Warning", e.Type);
        Assert.Equal("pod/web", e.Object);
        Assert.Equal("no nodes available to schedule pods", e.Message);
    }

    [Fact]
    public void FailedCreatePodSandBox_WrapsTheCniErrorAsKubeletReportsIt()
    {
        var cluster = OneNode();

        var pod = cluster.BarePod("web", annotations: Map((Ipv4Pools, "[\"missing\"]")));

        var e = Assert.Single(cluster.Events("FailedCreatePodSandBox"));
        Assert.Equal("Warning", e.Type);
        Assert.Equal("pod/web", e.Object);
        Assert.Matches("^[0-9a-f]{64}$", pod.ContainerId);
        Assert.Equal("Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox \""
            + pod.ContainerId + "\": plugin type=\"calico\" failed (add): error parsing pool \"missing\": invalid CIDR address: missing",
            e.Message);
        Assert.Matches("^Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox \"[0-9a-f]{64}\": plugin type=\"calico\" failed \\(add\\): ", e.Message);
    }

    [Fact]
    public void EachRetriedSandbox_HasANewContainerId()
    {
        var cluster = OneNode();
        var pod = cluster.BarePod("web", annotations: Map((Ipv4Pools, "[\"missing\"]")));

        cluster.Pool("other", "10.245.0.0/16");

        var sandboxes = cluster.Events("FailedCreatePodSandBox").Select(e => e.Message.Split('"')[1]).ToList();
        Assert.Equal(2, sandboxes.Count);
        Assert.NotEqual(sandboxes[0], sandboxes[1]);
        Assert.Equal(sandboxes[1], cluster.Pod("web").ContainerId);
        Assert.Equal(pod.ContainerId, sandboxes[0]);
    }

    /// <summary>getNewReplicaSet: a ReplicaSet the controller creates gets
    /// "Scaled up replica set &lt;rs&gt; to &lt;n&gt;" — no "from", it had no previous size.</summary>
    [Fact]
    public void CreatingADeployment_RecordsScaledUpWithoutFrom()
    {
        var cluster = OneNode();

        var deployment = cluster.Deploy("web", 3);

        var e = Assert.Single(cluster.Events("ScalingReplicaSet"));
        Assert.Equal("Normal", e.Type);
        Assert.Equal("deployment/web", e.Object);
        Assert.Equal($"Scaled up replica set {deployment.CurrentReplicaSet} to 3", e.Message);
    }

    [Fact]
    public void Scaling_RecordsToAndFrom()
    {
        var cluster = OneNode();
        var rs = cluster.Deploy("web", 3).CurrentReplicaSet;

        cluster.Scale("web", 5);
        cluster.Scale("web", 2);

        Assert.Equal(
            new[] { $"Scaled up replica set {rs} to 5 from 3", $"Scaled down replica set {rs} to 2 from 5" },
            cluster.Events("ScalingReplicaSet").Skip(1).Select(e => e.Message));
    }

    [Fact]
    public void RolloutOfOneReplica_ScalesTheNewSetUpThenTheOldOneDown()
    {
        var cluster = OneNode();
        var old = cluster.Deploy("web", 1).CurrentReplicaSet;

        var fresh = cluster.AnnotateTemplate("web", "team", "a").CurrentReplicaSet;

        Assert.Equal(
            new[] { $"Scaled up replica set {fresh} to 1", $"Scaled down replica set {old} to 0 from 1" },
            cluster.Events("ScalingReplicaSet").Skip(1).Select(e => e.Message));
    }

    [Fact]
    public void ReplicaSetController_RecordsCreatedAndDeletedPods()
    {
        var cluster = OneNode();
        var rs = cluster.Deploy("web", 2).CurrentReplicaSet;
        var pods = cluster.GetPods("default").OrderBy(p => p.CreationTimestamp).Select(p => p.Name).ToList();

        cluster.Scale("web", 1);

        var created = cluster.Events("SuccessfulCreate");
        Assert.Equal(pods.Select(p => "Created pod: " + p), created.Select(e => e.Message));
        Assert.All(created, e => Assert.Equal("replicaset/" + rs, e.Object));
        var deleted = Assert.Single(cluster.Events("SuccessfulDelete"));
        Assert.Equal("replicaset/" + rs, deleted.Object);
        Assert.Equal("Deleted pod: " + pods[1], deleted.Message);
    }

    [Fact]
    public void DeletingARunningPod_RecordsKilling_ForEachContainer()
    {
        var cluster = OneNode();
        cluster.Deploy("web", 1);
        var pod = Assert.Single(cluster.GetPods("default"));

        cluster.DeleteDeployment("default", "web");

        var e = Assert.Single(cluster.Events("Killing"));
        Assert.Equal("Normal", e.Type);
        Assert.Equal("pod/" + pod.Name, e.Object);
        Assert.Equal("Stopping container web", e.Message);
    }

    /// <summary>
    /// Deleting a controlled pod changes no ReplicaSet's spec.replicas: only the ReplicaSet
    /// controller acts (SuccessfulCreate of the replacement). The deployment controller scales
    /// nothing, so there is no ScalingReplicaSet event.
    /// </summary>
    [Fact]
    public void DeletingAControlledPod_RecordsAReplacement_ButNoScaling()
    {
        var cluster = OneNode();
        var rs = cluster.Deploy("web", 1).CurrentReplicaSet;
        var victim = Assert.Single(cluster.GetPods("default"));
        var before = cluster.GetEvents().Count;

        cluster.DeletePod("default", victim.Name);

        var replacement = Assert.Single(cluster.GetPods("default"));
        var after = cluster.GetEvents().Skip(before).ToList();
        Assert.DoesNotContain(after, e => e.Reason == "ScalingReplicaSet");
        var created = Assert.Single(after, e => e.Reason == "SuccessfulCreate");
        Assert.Equal("replicaset/" + rs, created.Object);
        Assert.Equal("Created pod: " + replacement.Name, created.Message);
        Assert.Contains(after, e => e.Reason == "Killing" && e.Object == "pod/" + victim.Name);
    }

    [Fact]
    public void EventsAreKeptOldestFirst_AndFilteredByNamespace()
    {
        var cluster = OneNode();
        cluster.CreateNamespace("other");
        cluster.BarePod("a");
        cluster.BarePod("b", ns: "other");

        var all = cluster.GetEvents();
        Assert.Equal(all.OrderBy(e => e.Time).Select(e => e.Message), all.Select(e => e.Message));
        Assert.All(cluster.GetEvents("other"), e => Assert.Equal("other", e.Namespace));
        Assert.Contains(cluster.GetEvents("other"), e => e.Object == "pod/b");
        Assert.DoesNotContain(cluster.GetEvents("other"), e => e.Object == "pod/a");
    }

    [Fact]
    public void AtMostTenThousandEventsAreKept_TheOldestGoFirst()
    {
        var cluster = LabCluster.CreateEmpty();
        for (var i = 0; i < Cluster.MaxEvents + 25; i++)
        {
            cluster.BarePod("p" + i);
        }

        var events = cluster.GetEvents();

        Assert.Equal(10_000, Cluster.MaxEvents);
        Assert.Equal(10_000, events.Count);
        Assert.Equal("pod/p25", events[0].Object);
        Assert.Equal("pod/p" + (Cluster.MaxEvents + 24), events[^1].Object);
    }
}

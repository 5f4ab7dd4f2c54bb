using System;
using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;
using static CalicoIpam.Core.Tests.Clusters.WorkloadTestKit;

namespace CalicoIpam.Core.Tests.Clusters;

/// <summary>
/// Deployments, ReplicaSets and their pods as the deployment and ReplicaSet controllers keep
/// them (kubernetes pkg/controller/deployment rolling.go/sync.go, pkg/controller/replicaset,
/// pkg/controller/controller_utils.go ActivePods), with every address from Calico IPAM.
/// </summary>
public sealed class DeploymentTests
{
    private static Cluster TwoNodes(int seed = 1)
    {
        var cluster = WithPool(seed: seed);
        cluster.Node("node-1");
        cluster.Node("node-2");
        return cluster;
    }

    private static Cidr BlockOf(Cluster cluster, string ip) =>
        cluster.FindAllocation(IpAddress.Parse(ip))!.Block;

    private static int OrdinalOf(Cluster cluster, string ip)
    {
        var allocation = cluster.FindAllocation(IpAddress.Parse(ip))!;
        return (int)allocation.Ip.OffsetFrom(allocation.Block.Network);
    }

    // ---- create ---------------------------------------------------------------------------

    [Fact]
    public void Create_GivesNRunningPods_WithAddresses_AndAReadyDeployment()
    {
        var cluster = TwoNodes();

        var deployment = cluster.Deploy("web", 3);

        var pods = cluster.GetPods("default");
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.Equal(PodStatus.Running, p.Status);
            Assert.Equal("1/1", p.Ready);
            Assert.True(InCidr(p.IP, "10.244.0.0/16"), p.IP);
            Assert.Equal("", p.Message);
        });
        Assert.Equal("3/3", deployment.Ready);
        Assert.Equal(3, deployment.UpToDate);
        Assert.Equal(3, deployment.Available);
        Assert.Equal(3, cluster.GetPods().Select(p => p.IP).Distinct().Count());
        cluster.AssertClean();
    }

    [Fact]
    public void Create_WithZeroReplicas_MakesTheReplicaSetButNoPods()
    {
        var cluster = TwoNodes();

        var deployment = cluster.Deploy("web", 0);

        Assert.Empty(cluster.GetPods("default"));
        var rs = Assert.Single(cluster.GetReplicaSets("default"));
        Assert.Equal(0, rs.Replicas);
        Assert.Equal("0/0", deployment.Ready);
        // getNewReplicaSet only records ScalingReplicaSet when newReplicasCount > 0.
        Assert.Empty(cluster.Events("ScalingReplicaSet"));
    }

    // ---- scale ----------------------------------------------------------------------------

    [Fact]
    public void ScaleUp_AddsPods_AndKeepsTheOnesThatRun()
    {
        var cluster = TwoNodes();
        cluster.Deploy("web", 2);
        var before = cluster.GetPods("default").Select(p => (p.Name, p.IP)).ToList();

        var deployment = cluster.Scale("web", 5);

        var after = cluster.GetPods("default");
        Assert.Equal(5, after.Count);
        Assert.All(before, b => Assert.Contains(after, p => p.Name == b.Name && p.IP == b.IP));
        Assert.All(after, p => Assert.Equal(PodStatus.Running, p.Status));
        Assert.Single(cluster.GetReplicaSets("default"));
        Assert.Equal("5/5", deployment.Ready);
        cluster.AssertClean();
    }

    /// <summary>All pods on one node (so the "doubled up" rank is equal) and running: the newest
    /// go first. (With LogarithmicScaleDown Kubernetes compares ages on a log2 scale and breaks
    /// ties by UID; the simulation keeps the deterministic newest-first order.)</summary>
    [Fact]
    public void ScaleDown_DeletesTheNewestPodsFirst_WhenAllRunOnOneNode()
    {
        var cluster = WithPool();
        cluster.Node("node-1");
        cluster.Deploy("web", 5);
        var byAge = cluster.GetPods("default").OrderBy(p => p.CreationTimestamp).Select(p => p.Name).ToList();

        cluster.Scale("web", 2);

        Assert.Equal(byAge.Take(2).OrderBy(n => n, StringComparer.Ordinal),
            cluster.GetPods("default").Select(p => p.Name));
        cluster.AssertClean();
    }

    /// <summary>controller_utils.go ActivePods.Less: a pod that is not running (PodPending) goes
    /// before a running one, whatever their ages.</summary>
    [Fact]
    public void ScaleDown_DeletesPodsThatDoNotRunFirst_EvenWhenOlder()
    {
        // One /30 block: four addresses for five replicas, so the fifth waits for one.
        var cluster = WithPool("10.9.0.0/30", 30);
        cluster.Node("node-1");
        cluster.Deploy("web", 5);
        var waiting = Assert.Single(cluster.GetPods("default"), p => p.Status == PodStatus.ContainerCreating);
        var oldest = cluster.GetPods("default").OrderBy(p => p.CreationTimestamp).First();
        // Deleting a running pod: its replacement is created at once and takes the freed address,
        // so the waiting pod is now older than a running one.
        cluster.DeletePod("default", oldest.Name);
        Assert.Equal(PodStatus.ContainerCreating, cluster.Pod(waiting.Name).Status);
        var newest = cluster.GetPods("default").OrderBy(p => p.CreationTimestamp).Last();
        Assert.Equal(PodStatus.Running, newest.Status);

        cluster.Scale("web", 4);

        var names = cluster.GetPods("default").Select(p => p.Name).ToList();
        Assert.DoesNotContain(waiting.Name, names);
        Assert.Contains(newest.Name, names);
        Assert.All(cluster.GetPods("default"), p => Assert.Equal(PodStatus.Running, p.Status));
        cluster.AssertClean();
    }

    /// <summary>controller_utils.go ActivePods(WithRanks).Less rule 1, before phase and
    /// readiness: an unassigned pod (no node) is deleted before an assigned one, whatever
    /// their ages. Here the older pod is Pending (no room on the only matching node) and the
    /// newer one is on the node, waiting for an address; scaling to 1 keeps the newer one.</summary>
    [Fact]
    public void ScaleDown_DeletesUnscheduledPodsBeforeScheduledOnes_EvenWhenOlder()
    {
        var cluster = LabCluster.CreateEmpty();
        cluster.Pool("fill", "10.1.0.0/16");
        cluster.Pool("tiny", "10.2.0.0/30", 30);
        cluster.Node("node-a", ("zone", "a"));
        cluster.Node("node-b", ("zone", "b"));
        for (var i = 0; i < 4; i++)
        {
            cluster.BarePod("hog-" + i, "node-b", annotations: Map((Ipv4Pools, "[\"tiny\"]")));
        }
        for (var i = 0; i < Cluster.MaxPodsPerNode - 1; i++)
        {
            cluster.BarePod("fill-" + i, "node-a", annotations: Map((Ipv4Pools, "[\"fill\"]")));
        }
        cluster.Deploy("web", 2, annotations: Map((Ipv4Pools, "[\"tiny\"]")), nodeSelector: Map(("zone", "a")));
        var first = Assert.Single(cluster.PodsOf("web"), p => p.Node == "node-a");
        var unscheduled = Assert.Single(cluster.PodsOf("web"), p => p.Node == "");
        cluster.DeletePod("default", first.Name);
        var scheduled = Assert.Single(cluster.PodsOf("web"), p => p.Node == "node-a");
        Assert.Equal(PodStatus.ContainerCreating, scheduled.Status);
        Assert.Equal(PodStatus.Pending, cluster.Pod(unscheduled.Name).Status);
        Assert.True(unscheduled.CreationTimestamp < scheduled.CreationTimestamp);

        cluster.Scale("web", 1);

        Assert.Equal(scheduled.Name, Assert.Single(cluster.PodsOf("web")).Name);
    }

    /// <summary>ActivePodsWithRanks.Less rule "doubled up &lt; not doubled up": the ReplicaSet
    /// controller ranks each pod by how many active pods of the deployment share its node
    /// (replica_set.go getPodsToDelete → getPodsRankedByRelatedPodsOnSameNode) and deletes
    /// the higher rank first, before age is looked at. Two replicas sharing node-a and a newer
    /// one alone on node-b: scaling to 2 deletes one of the pair, keeping the pods spread.</summary>
    [Fact]
    public void ScaleDown_DeletesDoubledUpPodsFirst_BeforeNewerOnes()
    {
        // Both first pods land on node-1 because node-2 joins only afterwards.
        var cluster = WorkloadTestKit.WithPool();
        cluster.Node("node-1");
        cluster.Deploy("web", 2);
        Assert.All(cluster.PodsOf("web"), p => Assert.Equal("node-1", p.Node));
        cluster.Node("node-2");
        cluster.Scale("web", 3);
        var alone = Assert.Single(cluster.PodsOf("web"), p => p.Node == "node-2");

        cluster.Scale("web", 2);

        var left = cluster.PodsOf("web");
        Assert.Contains(left, p => p.Name == alone.Name);
        Assert.Equal(new[] { "node-1", "node-2" }, left.Select(p => p.Node).OrderBy(n => n));
    }

    [Fact]
    public void ScaleToZero_RemovesEveryPodAndReleasesTheirAddresses()
    {
        var cluster = TwoNodes();
        cluster.Deploy("web", 3);

        var deployment = cluster.Scale("web", 0);

        Assert.Empty(cluster.GetPods());
        Assert.Empty(cluster.GetAllocations());
        Assert.Equal("0/0", deployment.Ready);
        cluster.AssertClean();
    }

    // ---- rollout --------------------------------------------------------------------------

    [Fact]
    public void TemplateChange_RollsOutToANewReplicaSet_AndEndsWithOnlyNewPods()
    {
        var cluster = TwoNodes();
        var first = cluster.Deploy("web", 3);
        var oldPods = cluster.GetPods("default").ToList();
        var oldRs = first.CurrentReplicaSet;

        var updated = cluster.UpdateDeployment("default", "web", d => d with
        {
            Template = d.Template with { Labels = Labels.Copy(Map(("app", "web"), ("version", "v2"))) },
        });

        Assert.NotEqual(oldRs, updated.CurrentReplicaSet);
        Assert.Equal("web-" + updated.Template.Hash, updated.CurrentReplicaSet);
        var pods = cluster.GetPods("default");
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.Equal(updated.CurrentReplicaSet, p.ReplicaSet);
            Assert.StartsWith(updated.CurrentReplicaSet + "-", p.Name);
            Assert.Equal("v2", p.Labels["version"]);
            Assert.Equal(PodStatus.Running, p.Status);
        });
        Assert.Empty(pods.Select(p => p.Name).Intersect(oldPods.Select(p => p.Name)));
        // Released addresses go to the end of their block's free list: no new pod reuses one.
        Assert.Empty(pods.Select(p => p.IP).Intersect(oldPods.Select(p => p.IP)));
        // The old ReplicaSet stays, scaled to 0 (revisionHistoryLimit keeps it for rollbacks).
        var sets = cluster.GetReplicaSets("default").ToDictionary(r => r.Name, r => r.Replicas);
        Assert.Equal(new Dictionary<string, int> { [oldRs] = 0, [updated.CurrentReplicaSet] = 3 }, sets);
        Assert.Equal("3/3", updated.Ready);
        Assert.Equal(3, updated.UpToDate);
        cluster.AssertClean();
    }

    [Fact]
    public void ReplicaChange_Alone_DoesNotRollOut()
    {
        var cluster = TwoNodes();
        var first = cluster.Deploy("web", 2);

        var scaled = cluster.Scale("web", 3);

        Assert.Equal(first.CurrentReplicaSet, scaled.CurrentReplicaSet);
        Assert.Single(cluster.GetReplicaSets("default"));
    }

    [Fact]
    public void RevertingTheTemplate_ReusesTheOldReplicaSet()
    {
        var cluster = TwoNodes();
        var first = cluster.Deploy("web", 2);
        cluster.AnnotateTemplate("web", "team", "a");

        var back = cluster.AnnotateTemplate("web", "team", null);

        Assert.Equal(first.CurrentReplicaSet, back.CurrentReplicaSet);
        Assert.Equal(2, cluster.GetReplicaSets("default").Count);
        Assert.All(cluster.GetPods("default"), p => Assert.Equal(first.CurrentReplicaSet, p.ReplicaSet));
        cluster.AssertClean();
    }

    /// <summary>
    /// kubectl rollout restart: every pod is replaced (restartedAt annotation on the template).
    /// With two pods on two nodes, a rolling update (maxSurge 1, maxUnavailable 0) puts one new
    /// pod on each node; each takes the next never-used ordinal of its node's block, because
    /// Calico appends released ordinals to the end of the free list.
    /// </summary>
    [Fact]
    public void Restart_ReplacesEveryPod_WithNewNamesAndTheNextFifoAddresses()
    {
        var cluster = TwoNodes();
        cluster.Deploy("web", 2);
        var old = cluster.GetPods("default").ToList();
        Assert.All(old, p => Assert.Equal(0, OrdinalOf(cluster, p.IP)));
        var blocks = old.ToDictionary(p => p.Node, p => BlockOf(cluster, p.IP));

        var restarted = cluster.RestartDeployment("default", "web");

        Assert.True(restarted.Template.Annotations.ContainsKey("kubectl.kubernetes.io/restartedAt"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", restarted.Template.Annotations["kubectl.kubernetes.io/restartedAt"]);
        var pods = cluster.GetPods("default");
        Assert.Equal(2, pods.Count);
        Assert.Empty(pods.Select(p => p.Name).Intersect(old.Select(p => p.Name)));
        Assert.Equal(new[] { "node-1", "node-2" }, pods.Select(p => p.Node).OrderBy(n => n));
        Assert.All(pods, p =>
        {
            Assert.Equal(blocks[p.Node], BlockOf(cluster, p.IP));
            Assert.Equal(1, OrdinalOf(cluster, p.IP));
            Assert.Equal(restarted.CurrentReplicaSet, p.ReplicaSet);
        });
        cluster.AssertClean();
    }

    [Fact]
    public void RestartTwice_RollsOutTwice()
    {
        var cluster = TwoNodes();
        cluster.Deploy("web", 1);
        var first = cluster.RestartDeployment("default", "web").CurrentReplicaSet;

        var second = cluster.RestartDeployment("default", "web").CurrentReplicaSet;

        Assert.NotEqual(first, second);
        Assert.Equal(3, cluster.GetReplicaSets("default").Count);
        Assert.Equal(second, Assert.Single(cluster.GetPods("default")).ReplicaSet);
    }

    // ---- pod deletion ---------------------------------------------------------------------

    [Fact]
    public void DeletingAControlledPod_MakesAReplacement_WithANewNameAndANewAddress()
    {
        var cluster = TwoNodes();
        cluster.Deploy("web", 2);
        var victim = cluster.GetPods("default")[0];

        cluster.DeletePod("default", victim.Name);

        var pods = cluster.GetPods("default");
        Assert.Equal(2, pods.Count);
        Assert.DoesNotContain(pods, p => p.Name == victim.Name);
        var replacement = Assert.Single(pods, p => p.CreationTimestamp > victim.CreationTimestamp);
        Assert.Equal(victim.ReplicaSet, replacement.ReplicaSet);
        Assert.Equal(PodStatus.Running, replacement.Status);
        Assert.NotEqual(victim.IP, replacement.IP);
        Assert.NotEqual(victim.ContainerId, replacement.ContainerId);
        Assert.Single(cluster.GetReplicaSets("default"));
        Assert.Equal("2/2", cluster.FindDeployment("default", "web")!.Ready);
        cluster.AssertClean();
    }

    [Fact]
    public void DeletingABarePod_MakesNoReplacement()
    {
        var cluster = TwoNodes();
        cluster.BarePod("solo", "node-1");

        cluster.DeletePod("default", "solo");

        Assert.Empty(cluster.GetPods());
        Assert.Empty(cluster.GetAllocations());
    }

    // ---- deletion -------------------------------------------------------------------------

    [Fact]
    public void DeleteDeployment_RemovesItsReplicaSetsAndPods_AndReleasesTheirAddresses()
    {
        var cluster = TwoNodes();
        cluster.Deploy("web", 3);
        cluster.AnnotateTemplate("web", "team", "a");
        cluster.Deploy("api", 1);
        var api = Assert.Single(cluster.PodsOf("api"));

        cluster.DeleteDeployment("default", "web");

        Assert.Null(cluster.FindDeployment("default", "web"));
        Assert.Equal(new[] { api.Name }, cluster.GetPods().Select(p => p.Name));
        Assert.All(cluster.GetReplicaSets(), r => Assert.Equal("api", r.Deployment));
        Assert.Equal(new[] { api.IP }, cluster.GetAllocations().Select(a => a.Ip.ToString()));
        cluster.AssertClean();
    }

    [Fact]
    public void DeleteDeployment_LetsWaitingPodsHaveTheFreedAddresses()
    {
        var cluster = WithPool("10.9.0.0/30", 30);
        cluster.Node("node-1");
        cluster.Deploy("web", 4);
        cluster.Deploy("api", 1);
        Assert.Equal(PodStatus.ContainerCreating, Assert.Single(cluster.PodsOf("api")).Status);

        cluster.DeleteDeployment("default", "web");

        var api = Assert.Single(cluster.PodsOf("api"));
        Assert.Equal(PodStatus.Running, api.Status);
        cluster.AssertClean();
    }

    // ---- stalled rollouts -----------------------------------------------------------------

    /// <summary>
    /// rolling.go: with one replica, maxSurge rounds up to 1 and maxUnavailable down to 0, so
    /// the old pod is only scaled down once the new one is available. A new pod whose
    /// sandbox gets no address never becomes available: the rollout waits, the old pod runs.
    /// </summary>
    [Fact]
    public void RolloutToAMissingPool_Stalls_WithTheOldPodRunning_AndCompletesWhenThePoolIsCreated()
    {
        var cluster = TwoNodes();
        var first = cluster.Deploy("db", 1);
        var old = Assert.Single(cluster.GetPods("default"));

        var stalled = cluster.AnnotateTemplate("db", Ipv4Pools, "[\"pool2\"]");

        var pods = cluster.GetPods("default");
        Assert.Equal(2, pods.Count);
        var oldNow = Assert.Single(pods, p => p.Name == old.Name);
        Assert.Equal(PodStatus.Running, oldNow.Status);
        Assert.Equal(old.IP, oldNow.IP);
        var fresh = Assert.Single(pods, p => p.Name != old.Name);
        Assert.Equal(stalled.CurrentReplicaSet, fresh.ReplicaSet);
        Assert.Equal(PodStatus.ContainerCreating, fresh.Status);
        Assert.Equal("0/1", fresh.Ready);
        Assert.Equal("", fresh.IP);
        Assert.Equal("error parsing pool \"pool2\": invalid CIDR address: pool2", fresh.Message);
        Assert.Equal("1/1", stalled.Ready);
        Assert.Equal(1, stalled.UpToDate);
        cluster.AssertClean();

        cluster.Pool("pool2", "10.250.0.0/24");

        var done = Assert.Single(cluster.GetPods("default"));
        Assert.Equal(fresh.Name, done.Name);
        Assert.Equal(PodStatus.Running, done.Status);
        Assert.True(InCidr(done.IP, "10.250.0.0/24"), done.IP);
        Assert.Equal("", done.Message);
        Assert.Equal(0, cluster.GetReplicaSets("default").Single(r => r.Name == first.CurrentReplicaSet).Replicas);
        Assert.Equal("1/1", cluster.FindDeployment("default", "db")!.Ready);
        cluster.AssertClean();
    }

    /// <summary>
    /// Deleting the old pod of a stalled rollout does not let the rollout go on: the old
    /// ReplicaSet keeps spec.replicas 1 (rolling.go reconcileOldReplicaSets: maxScaledDown =
    /// allPodsCount 2 − minAvailable 1 − newRSUnavailablePodCount 1 = 0, so neither
    /// cleanupUnhealthyReplicas nor scaleDownOldReplicaSetsForRollingUpdate scales it down),
    /// and the ReplicaSet controller (replica_set.go manageReplicas) replaces the pod from the
    /// old template. The deployment keeps one Running pod.
    /// </summary>
    [Fact]
    public void DeletingTheOldPodOfAStalledRollout_ItsReplicaSetReplacesIt_FromTheOldTemplate()
    {
        var cluster = TwoNodes();
        var first = cluster.Deploy("db", 1);
        var old = Assert.Single(cluster.GetPods("default"));
        var stalled = cluster.AnnotateTemplate("db", Ipv4Pools, "[\"pool2\"]");
        var waiting = Assert.Single(cluster.GetPods("default"), p => p.Status == PodStatus.ContainerCreating);

        cluster.DeletePod("default", old.Name);

        var pods = cluster.GetPods("default");
        Assert.Equal(2, pods.Count);
        Assert.Contains(pods, p => p.Name == waiting.Name && p.Status == PodStatus.ContainerCreating);
        var replacement = Assert.Single(pods, p => p.Name != waiting.Name);
        Assert.NotEqual(old.Name, replacement.Name);
        Assert.Equal(first.CurrentReplicaSet, replacement.ReplicaSet);
        Assert.Equal(PodStatus.Running, replacement.Status);
        Assert.False(replacement.Annotations.ContainsKey(Ipv4Pools));
        Assert.Equal("1/1", cluster.FindDeployment("default", "db")!.Ready);
        Assert.Equal(stalled.CurrentReplicaSet, cluster.FindDeployment("default", "db")!.CurrentReplicaSet);
        cluster.AssertClean();
    }

    [Fact]
    public void RolloutIntoAFullPool_Stalls_AndCompletesWhenAddressesAreFreed()
    {
        var cluster = TwoNodes();
        cluster.Pool("tiny", "10.251.0.0/30", 30);
        cluster.BarePod("hog-1", "node-1", annotations: Map((Ipv4Pools, "[\"tiny\"]")));
        cluster.BarePod("hog-2", "node-1", annotations: Map((Ipv4Pools, "[\"tiny\"]")));
        cluster.BarePod("hog-3", "node-1", annotations: Map((Ipv4Pools, "[\"tiny\"]")));
        cluster.BarePod("hog-4", "node-1", annotations: Map((Ipv4Pools, "[\"tiny\"]")));
        cluster.Deploy("db", 1);

        cluster.AnnotateTemplate("db", Ipv4Pools, "[\"tiny\"]");

        var waiting = Assert.Single(cluster.PodsOf("db"), p => p.Status != PodStatus.Running);
        Assert.Equal(PodStatus.ContainerCreating, waiting.Status);
        Assert.Equal("failed to request IPv4 addresses: Assigned 0 out of 1 requested IPv4 addresses; "
            + "No IPs available in pools: [10.251.0.0/30]", waiting.Message);
        Assert.Equal(2, cluster.PodsOf("db").Count);

        cluster.DeletePod("default", "hog-2");

        var db = Assert.Single(cluster.PodsOf("db"));
        Assert.Equal(waiting.Name, db.Name);
        Assert.Equal(PodStatus.Running, db.Status);
        Assert.True(InCidr(db.IP, "10.251.0.0/30"), db.IP);
        cluster.AssertClean();
    }

    // ---- validation (k8s.io/kubernetes pkg/apis/apps/validation ValidateDeploymentSpec) ---------

    /// <summary>
    /// ValidateNonnegativeField(int64(spec.Replicas), ...) → field.Invalid with an int64 value;
    /// field.Error.ErrorBody prints int64 values with %v, i.e. without quotes:
    /// <c>spec.replicas: Invalid value: -1: must be greater than or equal to 0</c>.
    /// </summary>
    [Fact]
    public void NegativeReplicas_OnCreate_IsRefusedWithKubernetesText()
    {
        var cluster = TwoNodes();

        var ex = Assert.Throws<KubernetesValidationException>(() => cluster.Deploy("web", -1));

        Assert.Equal("Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0", ex.Message);
        Assert.Empty(cluster.GetDeployments());
        Assert.Empty(cluster.GetReplicaSets());
    }

    [Fact]
    public void NegativeReplicas_OnUpdate_IsRefused_AndNothingChanges()
    {
        var cluster = TwoNodes();
        cluster.Deploy("web", 2);
        var pods = cluster.GetPods().Select(p => p.Name).ToList();

        var ex = Assert.Throws<KubernetesValidationException>(() => cluster.Scale("web", -3));

        Assert.Equal("Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -3: must be greater than or equal to 0", ex.Message);
        Assert.Equal(2, cluster.FindDeployment("default", "web")!.Replicas);
        Assert.Equal(pods, cluster.GetPods().Select(p => p.Name));
    }

    /// <summary>
    /// ValidatePodTemplateSpecForReplicaSet: field.Invalid(fldPath.Child("metadata", "labels"),
    /// template.Labels, ...). The value is a map[string]string, which ErrorBody prints with %#v.
    /// </summary>
    [Fact]
    public void RemovingTheSelectorsLabelFromTheTemplate_IsRefusedWithKubernetesText()
    {
        var cluster = TwoNodes();
        cluster.Deploy("web", 1);

        var ex = Assert.Throws<KubernetesValidationException>(() => cluster.UpdateDeployment("default", "web", d => d with
        {
            Template = d.Template with { Labels = Labels.Copy(Map(("version", "v2"))) },
        }));

        Assert.Equal("Deployment.apps \"web\" is invalid: spec.template.metadata.labels: Invalid value: "
            + "map[string]string{\"version\":\"v2\"}: `selector` does not match template `labels`", ex.Message);
        Assert.Equal("web", cluster.FindDeployment("default", "web")!.Template.Labels["app"]);
    }

    [Fact]
    public void InvalidName_IsRefusedWithTheSubdomainRule()
    {
        var cluster = TwoNodes();

        var ex = Assert.Throws<KubernetesValidationException>(() => cluster.Deploy("Web", 1));

        Assert.StartsWith("Deployment.apps \"Web\" is invalid: metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain", ex.Message);
    }

    [Fact]
    public void DuplicateName_IsAlreadyExists()
    {
        var cluster = TwoNodes();
        cluster.Deploy("web", 1);

        var ex = Assert.Throws<ResourceAlreadyExistsException>(() => cluster.Deploy("web", 2));

        Assert.Equal("deployments.apps \"web\" already exists", ex.Message);
        Assert.Single(cluster.GetPods());
    }

    [Fact]
    public void MissingDeploymentOrNamespace_IsNotFound()
    {
        var cluster = TwoNodes();

        Assert.Equal("deployments.apps \"web\" not found",
            Assert.Throws<ResourceNotFoundException>(() => cluster.Scale("web", 1)).Message);
        Assert.Equal("deployments.apps \"web\" not found",
            Assert.Throws<ResourceNotFoundException>(() => cluster.DeleteDeployment("default", "web")).Message);
        Assert.Equal("deployments.apps \"web\" not found",
            Assert.Throws<ResourceNotFoundException>(() => cluster.RestartDeployment("default", "web")).Message);
        Assert.Equal("namespaces \"nope\" not found",
            Assert.Throws<ResourceNotFoundException>(() => cluster.Deploy("web", 1, "nope")).Message);
    }
}

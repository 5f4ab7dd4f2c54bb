using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;
using static CalicoIpam.Core.Tests.Clusters.WorkloadTestKit;

namespace CalicoIpam.Core.Tests.Clusters;

/// <summary>
/// The Calico IPAM lab (seed 000_89b471082b313079, DESIGN §3, issue 4 "Done when",
/// lab-and-simulators.md §5 scenarios 8, 9, 11, 12) on the embedded lab cluster:
/// the starting state, then create pool2, annotate the database and summary templates,
/// remove the customer pod; and an annotation naming a missing pool.
/// </summary>
public sealed class LabScenarioTests
{
    private const string Pool2 = "pool2-ipv4-ippool";
    private const string Pool2Cidr = "10.48.128.0/24";

    private static Pod Single(Cluster cluster, string app) => Assert.Single(cluster.PodsOf(app, "yaobank"));

    private static int Ordinal(Cluster cluster, string ip)
    {
        var allocation = cluster.FindAllocation(IpAddress.Parse(ip))!;
        return (int)allocation.Ip.OffsetFrom(allocation.Block.Network);
    }

    private static void CreatePool2(Cluster cluster) =>
        cluster.CreatePool(Pool2, new IpPoolSpec
        {
            Cidr = Pool2Cidr,
            BlockSize = 26,
            IpipMode = "Never",
            NatOutgoing = true,
            NodeSelector = "all()",
        });

    private static void AnnotateDatabaseAndSummary(Cluster cluster)
    {
        cluster.AnnotateTemplate("database", Ipv4Pools, "[\"pool2-ipv4-ippool\"]", "yaobank");
        cluster.AssertClean();
        cluster.AnnotateTemplate("summary", Ipv4Pools, "[\"pool2-ipv4-ippool\"]", "yaobank");
        cluster.AssertClean();
    }

    // ---- the starting state ----------------------------------------------------------------

    [Fact]
    public void Start_ThreeNodes_FourYaobankPodsInTheDefaultPool_NginxInExternalPool()
    {
        var cluster = LabCluster.Create();

        Assert.Equal(new[] { "ip-10-0-0-10", "ip-10-0-0-11", "ip-10-0-0-12" }, cluster.GetNodes().Select(n => n.Name));
        var yaobank = cluster.GetPods("yaobank");
        Assert.Equal(new[] { "customer", "database", "summary", "summary" }, yaobank.Select(p => p.Labels["app"]));
        Assert.All(yaobank, p =>
        {
            Assert.Equal(PodStatus.Running, p.Status);
            Assert.True(InCidr(p.IP, "10.48.0.0/24"), p.IP);
            Assert.Equal("default-ipv4-ippool", cluster.GetBlocks().Single(b => b.Cidr.Contains(IpAddress.Parse(p.IP))).Pool);
        });
        var nginx = Assert.Single(cluster.GetPods("external-ns"));
        Assert.Equal("nginx", nginx.Labels["app"]);
        Assert.True(InCidr(nginx.IP, "10.48.2.0/24"), nginx.IP);
        cluster.AssertClean();
    }

    [Fact]
    public void Start_NginxRunsInExternalPool_FromASlash29Block()
    {
        var cluster = LabCluster.Create();

        var nginx = Assert.Single(cluster.GetPods("external-ns"));

        Assert.Equal(PodStatus.Running, nginx.Status);
        Assert.True(InCidr(nginx.IP, "10.48.2.0/24"), nginx.IP);
        var block = cluster.GetBlocks().Single(b => b.Cidr.Contains(IpAddress.Parse(nginx.IP)));
        Assert.Equal("external-pool", block.Pool);
        Assert.Equal(29, block.Cidr.PrefixLength);
        Assert.Equal(nginx.Node, block.Affinity);
        Assert.Equal("[\"external-pool\"]", cluster.FindNamespace("external-ns")!.Annotations[Ipv4Pools]);
        cluster.AssertClean();
    }

    [Fact]
    public void Start_EachNodeHasOneDefaultPoolBlock_AndEachBlockHandsOutItsFirstOrdinals()
    {
        var cluster = LabCluster.Create();

        var defaultBlocks = cluster.GetBlocks().Where(b => b.Pool == "default-ipv4-ippool").ToList();
        Assert.Equal(3, defaultBlocks.Count);
        Assert.Equal(3, defaultBlocks.Select(b => b.Affinity).Distinct().Count());
        Assert.All(defaultBlocks, b => Assert.Equal(26, b.Cidr.PrefixLength));
        // Fresh blocks hand out ordinal 0 first, then 1, ... (no tunnel: ipipMode/vxlanMode Never).
        Assert.All(cluster.GetNodes(), n => Assert.Equal("", n.IpipTunnelAddress));
        var ordinalsByBlock = cluster.GetPods().GroupBy(p => cluster.FindAllocation(IpAddress.Parse(p.IP))!.Block)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.CreationTimestamp).Select(p => Ordinal(cluster, p.IP)).ToList());
        Assert.Equal(4, ordinalsByBlock.Count);
        Assert.All(ordinalsByBlock.Values, ordinals => Assert.Equal(Enumerable.Range(0, ordinals.Count), ordinals));
    }

    /// <summary>The pinned layout of seed 1 (the cluster of `New-Cluster`): pods spread fewest
    /// first, ties by node name, in creation order database, summary ×2, customer, nginx; each
    /// node claims the block its Go-exact random walk starts at (index 0, 1, 2 of the four).</summary>
    [Fact]
    public void Start_TheSeedOneLayout()
    {
        var cluster = LabCluster.Create();

        var layout = cluster.GetPods().OrderBy(p => p.CreationTimestamp).Select(p => $"{p.Labels["app"]} {p.Node} {p.IP}");

        Assert.Equal(new[]
        {
            "database ip-10-0-0-10 10.48.0.0",
            "summary ip-10-0-0-11 10.48.0.64",
            "summary ip-10-0-0-12 10.48.0.128",
            "customer ip-10-0-0-10 10.48.0.1",
            "nginx ip-10-0-0-11 10.48.2.224",
        }, layout);
    }

    // ---- the lab's steps ---------------------------------------------------------------------

    [Fact]
    public void Steps_CreatePool2_AnnotateDatabaseAndSummary_RemoveCustomer_EndWhereARealClusterDoes()
    {
        var cluster = LabCluster.Create();
        var customer = Single(cluster, "customer");
        cluster.AssertClean();

        // Step 1: kubectl apply the pool2 IPPool.
        CreatePool2(cluster);
        Assert.Equal(new[] { "default-ipv4-ippool", "external-pool", Pool2 }, cluster.GetPools().Select(p => p.Name));
        // Creating a pool changes no running pod.
        Assert.Equal(customer.IP, Single(cluster, "customer").IP);
        cluster.AssertClean();

        // Step 2: the annotation on the templates rolls both deployments out.
        AnnotateDatabaseAndSummary(cluster);

        var database = Single(cluster, "database");
        var summaries = cluster.PodsOf("summary", "yaobank");
        Assert.Equal(2, summaries.Count);
        Assert.All(summaries.Append(database), p =>
        {
            Assert.Equal(PodStatus.Running, p.Status);
            Assert.True(InCidr(p.IP, Pool2Cidr), $"{p.Name} {p.IP}");
            Assert.Equal("[\"pool2-ipv4-ippool\"]", p.Annotations[Ipv4Pools]);
        });
        // The first pod on each fresh pool2 block gets the block's first address (.0 of the block).
        var pool2Pods = summaries.Append(database).OrderBy(p => p.CreationTimestamp).ToList();
        foreach (var node in pool2Pods.Select(p => p.Node).Distinct())
        {
            var first = pool2Pods.First(p => p.Node == node);
            Assert.Equal(0, Ordinal(cluster, first.IP));
        }
        Assert.All(cluster.GetBlocks().Where(b => b.Pool == Pool2), b => Assert.Equal(26, b.Cidr.PrefixLength));
        // Only the annotated deployments rolled out.
        Assert.Equal(customer.Name, Single(cluster, "customer").Name);
        Assert.Equal(2, cluster.GetReplicaSets("yaobank").Count(r => r.Deployment == "summary"));
        Assert.Single(cluster.GetReplicaSets("yaobank"), r => r.Deployment == "customer");

        // Step 3: kubectl delete the customer pod.
        cluster.DeletePod("yaobank", customer.Name);

        var replacement = Single(cluster, "customer");
        Assert.NotEqual(customer.Name, replacement.Name);
        Assert.Equal(customer.ReplicaSet, replacement.ReplicaSet);
        Assert.Equal(PodStatus.Running, replacement.Status);
        Assert.True(InCidr(replacement.IP, "10.48.0.0/24"), replacement.IP);
        Assert.NotEqual(customer.IP, replacement.IP);
        Assert.Equal(4, cluster.GetPods("yaobank").Count);
        Assert.All(cluster.GetPods("yaobank"), p => Assert.Equal(PodStatus.Running, p.Status));
        // nginx never moved.
        Assert.True(InCidr(Assert.Single(cluster.GetPods("external-ns")).IP, "10.48.2.0/24"));
        cluster.AssertClean();
    }

    /// <summary>
    /// The same steps with seed 1, pinned. The rollouts run with maxSurge 1 / maxUnavailable 0:
    /// database's new pod goes to ip-10-0-0-12 (fewest pods) and takes .0 of that node's pool2
    /// block (10.48.128.128/26: the node's walk starts at index 2, as it did in the default
    /// pool); summary's first new pod goes to ip-10-0-0-10 (10.48.128.0/26, index 0), its
    /// second to ip-10-0-0-12 (.129). The customer's replacement stays on ip-10-0-0-10, in the
    /// node's existing default-pool block, at the next never-used ordinal (10.48.0.2).
    /// The old summary pod scaled down first is the newer one; in a real cluster the two old
    /// pods tie (same rank, same age on LogarithmicScaleDown's log2 scale) and a UID decides.
    /// </summary>
    [Fact]
    public void Steps_TheSeedOneEndState()
    {
        var cluster = LabCluster.Create();
        var customer = Single(cluster, "customer");
        CreatePool2(cluster);
        AnnotateDatabaseAndSummary(cluster);
        cluster.DeletePod("yaobank", customer.Name);

        var layout = cluster.GetPods("yaobank").OrderBy(p => p.CreationTimestamp).Select(p => $"{p.Labels["app"]} {p.Node} {p.IP}");

        Assert.Equal(new[]
        {
            "database ip-10-0-0-12 10.48.128.128",
            "summary ip-10-0-0-10 10.48.128.0",
            "summary ip-10-0-0-12 10.48.128.129",
            "customer ip-10-0-0-10 10.48.0.2",
        }, layout);
        Assert.Equal(
            new[] { "10.48.128.0/26 ip-10-0-0-10", "10.48.128.128/26 ip-10-0-0-12" },
            cluster.GetBlocks().Where(b => b.Pool == Pool2).Select(b => $"{b.Cidr} {b.Affinity}"));
    }

    /// <summary>The lab's final version deletes the namespace and redeploys yaobank with the
    /// annotations on database and summary only (lab-and-simulators.md §1.7, scenario 9).</summary>
    [Fact]
    public void FinalVersion_DeleteNamespace_Redeploy_PutsDatabaseAndSummaryInPool2_CustomerInTheDefaultPool()
    {
        var cluster = LabCluster.Create();
        CreatePool2(cluster);

        cluster.RemoveNamespace("yaobank");
        Assert.Empty(cluster.GetPods("yaobank"));
        Assert.Equal(new[] { "10.48.2.224" }, cluster.GetAllocations().Select(a => a.Ip.ToString()));
        cluster.AssertClean();

        cluster.CreateNamespace("yaobank", labels: Map(("istio-injection", "disabled")));
        var pool2 = Map((Ipv4Pools, "[\"pool2-ipv4-ippool\"]"));
        cluster.Deploy("database", 1, "yaobank", annotations: pool2);
        cluster.Deploy("summary", 2, "yaobank", annotations: pool2);
        cluster.Deploy("customer", 1, "yaobank");

        var database = Single(cluster, "database");
        Assert.True(InCidr(database.IP, Pool2Cidr), database.IP);
        Assert.Equal(0, Ordinal(cluster, database.IP));
        Assert.All(cluster.PodsOf("summary", "yaobank"), p => Assert.True(InCidr(p.IP, Pool2Cidr), p.IP));
        Assert.True(InCidr(Single(cluster, "customer").IP, "10.48.0.0/24"));
        Assert.Equal(
            new[] { "database ip-10-0-0-10 10.48.128.0", "summary ip-10-0-0-12 10.48.128.128", "summary ip-10-0-0-10 10.48.128.1", "customer ip-10-0-0-11 10.48.0.65" },
            cluster.GetPods("yaobank").OrderBy(p => p.CreationTimestamp).Select(p => $"{p.Labels["app"]} {p.Node} {p.IP}"));
        cluster.AssertClean();
    }

    // ---- an annotation naming a missing pool --------------------------------------------------

    [Fact]
    public void MissingPool_LeavesTheNewCustomerPodContainerCreating_UntilThePoolExists()
    {
        var cluster = LabCluster.Create();
        CreatePool2(cluster);
        AnnotateDatabaseAndSummary(cluster);
        var old = Single(cluster, "customer");

        var deployment = cluster.AnnotateTemplate("customer", Ipv4Pools, "[\"pool1-ipv4-ippool\"]", "yaobank");

        var pods = cluster.PodsOf("customer", "yaobank");
        Assert.Equal(2, pods.Count);
        var oldNow = Assert.Single(pods, p => p.Name == old.Name);
        Assert.Equal(PodStatus.Running, oldNow.Status);
        Assert.Equal(old.IP, oldNow.IP);
        var fresh = Assert.Single(pods, p => p.Name != old.Name);
        Assert.Equal(deployment.CurrentReplicaSet, fresh.ReplicaSet);
        Assert.Equal(PodStatus.ContainerCreating, fresh.Status);
        Assert.Equal("error parsing pool \"pool1-ipv4-ippool\": invalid CIDR address: pool1-ipv4-ippool", fresh.Message);
        Assert.Equal("", fresh.IP);
        Assert.NotEqual("", fresh.Node);
        var warning = cluster.Events("FailedCreatePodSandBox").Last(e => e.Object == "pod/" + fresh.Name);
        Assert.EndsWith("plugin type=\"calico\" failed (add): error parsing pool \"pool1-ipv4-ippool\": invalid CIDR address: pool1-ipv4-ippool",
            warning.Message);
        Assert.Contains("pool1-ipv4-ippool", warning.Message);
        Assert.Equal("1/1", cluster.FindDeployment("yaobank", "customer")!.Ready);
        cluster.AssertClean();

        cluster.CreatePool("pool1-ipv4-ippool", new IpPoolSpec { Cidr = "10.48.64.0/24", BlockSize = 26, NatOutgoing = true });

        var started = Single(cluster, "customer");
        Assert.Equal(fresh.Name, started.Name);
        Assert.Equal(PodStatus.Running, started.Status);
        Assert.True(InCidr(started.IP, "10.48.64.0/24"), started.IP);
        Assert.Equal(0, Ordinal(cluster, started.IP));
        Assert.Equal("", started.Message);
        Assert.Null(cluster.FindPod("yaobank", old.Name));
        Assert.DoesNotContain(cluster.GetAllocations(), a => a.Ip.ToString() == old.IP);
        cluster.AssertClean();
    }

    /// <summary>
    /// The lab then deletes the customer pod by hand (kubectl delete pod … items[0]). If that is
    /// the old, Running pod, its ReplicaSet still wants one replica (the stalled rollout cannot
    /// scale it down: maxScaledDown = 2 − 1 − 1 = 0), so a new old-template customer pod starts
    /// in the default pool and the application stays up; the new pod keeps waiting for pool1.
    /// </summary>
    [Fact]
    public void MissingPool_DeletingTheOldCustomerPod_BringsBackAnOldTemplatePod_InTheDefaultPool()
    {
        var cluster = LabCluster.Create();
        var old = Single(cluster, "customer");
        cluster.AnnotateTemplate("customer", Ipv4Pools, "[\"pool1-ipv4-ippool\"]", "yaobank");
        var waiting = Assert.Single(cluster.PodsOf("customer", "yaobank"), p => p.Status == PodStatus.ContainerCreating);

        cluster.DeletePod("yaobank", old.Name);

        var pods = cluster.PodsOf("customer", "yaobank");
        Assert.Equal(2, pods.Count);
        var back = Assert.Single(pods, p => p.Status == PodStatus.Running);
        Assert.Equal(old.ReplicaSet, back.ReplicaSet);
        Assert.NotEqual(old.Name, back.Name);
        Assert.True(InCidr(back.IP, "10.48.0.0/24"), back.IP);
        Assert.Contains(pods, p => p.Name == waiting.Name && p.Status == PodStatus.ContainerCreating);
        Assert.Equal("1/1", cluster.FindDeployment("yaobank", "customer")!.Ready);
        cluster.AssertClean();
    }

    [Fact]
    public void TheLabIsDeterministic_PerSeed()
    {
        static string[] Run(int seed)
        {
            var cluster = LabCluster.Create(seed);
            var customer = Single(cluster, "customer");
            CreatePool2(cluster);
            AnnotateDatabaseAndSummary(cluster);
            cluster.DeletePod("yaobank", customer.Name);
            return cluster.GetPods().Select(p => $"{p.Namespace}/{p.Name} {p.Node} {p.IP}").ToArray();
        }

        Assert.Equal(Run(9), Run(9));
        Assert.NotEqual(Run(9), Run(10));
    }
}

using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Manifests;
using CalicoIpam.Core.Net;
using static CalicoIpam.Core.Tests.Manifests.ManifestTestKit;

namespace CalicoIpam.Core.Tests.Manifests;

/// <summary>
/// Issue 6, Deliver 6: the lab cluster is built by applying the manifests shipped in
/// module/labs/2.3 through Import-Manifest's path, and is still the lab of DESIGN §3: three
/// nodes, yaobank's four pods Running in default-ipv4-ippool, nginx in external-pool.
/// </summary>
public sealed class LabManifestTests
{
    private static readonly string[] Files = { "01-nodes.yaml", "02-default-pool.yaml", "03-yaobank.yaml", "04-external-pool.yaml", "05-external-ns.yaml" };

    [Fact]
    public void TheShippedManifests_AreEmbedded_AndRead()
    {
        var kinds = Files.SelectMany(f => ManifestReader.Read(LabCluster.Manifest(f), f)).Select(d => d.Kind + "/" + d.Name).ToArray();

        Assert.Equal(new[]
        {
            "Node/ip-10-0-0-10", "Node/ip-10-0-0-11", "Node/ip-10-0-0-12",
            "IPPool/default-ipv4-ippool",
            "Namespace/yaobank", "Service/database", "ServiceAccount/database", "Deployment/database",
            "Service/summary", "ServiceAccount/summary", "Deployment/summary",
            "Service/customer", "ServiceAccount/customer", "Deployment/customer",
            "IPPool/external-pool",
            "Namespace/external-ns", "Deployment/nginx",
        }, kinds);
    }

    [Fact]
    public void TheLab_HasThreeNodes()
    {
        var cluster = LabCluster.Create();

        Assert.Equal(new[] { ("ip-10-0-0-10", "10.0.0.10/24"), ("ip-10-0-0-11", "10.0.0.11/24"), ("ip-10-0-0-12", "10.0.0.12/24") },
            cluster.GetNodes().Select(n => (n.Name, n.Address.ToString())).ToArray());
    }

    [Fact]
    public void TheLab_RunsYaobanksFourPods_InTheDefaultPool()
    {
        var cluster = LabCluster.Create();
        var pool = Cidr.Parse("10.48.0.0/24");

        var pods = cluster.GetPods("yaobank");

        Assert.Equal(4, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.Equal(PodStatus.Running, p.Status);
            Assert.True(pool.Contains(p.IPs.Single()), p.IP);
        });
    }

    [Fact]
    public void TheLab_RunsNginx_InExternalPool()
    {
        var cluster = LabCluster.Create();

        var nginx = cluster.GetPods("external-ns").Single();

        Assert.Equal(PodStatus.Running, nginx.Status);
        Assert.StartsWith("nginx-", nginx.Name);
        Assert.True(Cidr.Parse("10.48.2.0/24").Contains(nginx.IPs.Single()), nginx.IP);
        Assert.Equal("[\"external-pool\"]", cluster.FindNamespace("external-ns")!.Annotations["cni.projectcalico.org/ipv4pools"]);
    }

    [Fact]
    public void TheLab_KeepsYaobanksServicesAndServiceAccounts_WhichOnlyTheManifestPathStores()
    {
        var cluster = LabCluster.Create();

        Assert.Equal(6, cluster.GetStoredObjects().Count(o => o.Namespace == "yaobank"));
    }

    [Fact]
    public void EveryShippedManifest_AppliedToTheLab_IsUnchanged()
    {
        var cluster = LabCluster.Create();
        var before = Snapshot(cluster, withClock: false);

        foreach (var file in Files)
        {
            var outcome = Apply(cluster, LabCluster.Manifest(file), file).AssertNoErrors();
            Assert.All(outcome.Lines, l => Assert.EndsWith(" unchanged", l));
        }
        Assert.Equal(before, Snapshot(cluster, withClock: false));
    }

    [Fact]
    public void TheShippedManifests_AppliedInOrderToAnEmptyCluster_BuildTheSameWorkloads()
    {
        var lab = LabCluster.Create();
        var cluster = LabCluster.CreateEmpty();

        foreach (var file in Files)
        {
            Apply(cluster, LabCluster.Manifest(file), file).AssertNoErrors();
        }

        Assert.Equal(lab.GetPools().Select(p => p.Cidr), cluster.GetPools().Select(p => p.Cidr));
        Assert.Equal(lab.GetPods().Select(p => (p.Namespace, p.Name, p.Node, p.IP)), cluster.GetPods().Select(p => (p.Namespace, p.Name, p.Node, p.IP)));
        Assert.Empty(cluster.CheckIpam().Problems);
    }

    [Fact]
    public void TheSameSeed_BuildsTheSameLab()
    {
        Assert.Equal(Snapshot(LabCluster.Create()), Snapshot(LabCluster.Create()));
    }
}

using System;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Manifests;
using CalicoIpam.Core.Net;
using static CalicoIpam.Core.Tests.Manifests.ManifestTestKit;

namespace CalicoIpam.Core.Tests.Manifests;

/// <summary>
/// Issue 6, Done when: the yaobank manifest applies and reports kubectl's lines
/// (lab-and-simulators.md §1.4: 10 lines in document order), again as unchanged, and a pod
/// template change is "configured" and rolls the Deployment out; 2.3-yaobank-ipam.yaml's
/// extensions/v1beta1 Deployments are refused as a Kubernetes ≥ 1.16 cluster refuses them.
/// </summary>
public sealed class YaobankManifestTests
{
    private static readonly string[] Created =
    {
        "namespace/yaobank created",
        "service/database created",
        "serviceaccount/database created",
        "deployment.apps/database created",
        "service/summary created",
        "serviceaccount/summary created",
        "deployment.apps/summary created",
        "service/customer created",
        "serviceaccount/customer created",
        "deployment.apps/customer created",
    };

    private static string Yaobank => LabCluster.Manifest("03-yaobank.yaml");

    [Fact]
    public void Yaobank_OnAFreshCluster_GivesKubectlsTenLines_InDocumentOrder()
    {
        var cluster = LabNodesAndPool();

        var outcome = Apply(cluster, Yaobank, "1-yaobank.yaml").AssertNoErrors();

        Assert.Equal(Created, outcome.Lines);
        Assert.All(outcome.Results, r => Assert.Equal("1-yaobank.yaml", r.Source));
        Assert.Equal(new[] { "", "yaobank", "yaobank", "yaobank", "yaobank", "yaobank", "yaobank", "yaobank", "yaobank", "yaobank" },
            outcome.Results.Select(r => r.Namespace).ToArray());
    }

    [Fact]
    public void Yaobank_OnAFreshCluster_RunsFourPodsInTheDefaultPool()
    {
        var cluster = LabNodesAndPool();

        Apply(cluster, Yaobank).AssertNoErrors();

        var pods = cluster.GetPods("yaobank");
        Assert.Equal(4, pods.Count);
        Assert.Equal(new[] { "customer", "database", "summary", "summary" }, pods.Select(p => p.Labels["app"]).OrderBy(a => a).ToArray());
        var pool = Cidr.Parse("10.48.0.0/24");
        Assert.All(pods, p =>
        {
            Assert.Equal(PodStatus.Running, p.Status);
            Assert.True(pool.Contains(p.IPs.Single()), p.IP);
        });
        Assert.Equal(new[] { ("customer", 1), ("database", 1), ("summary", 2) },
            cluster.GetDeployments("yaobank").Select(d => (d.Name, d.ReadyReplicas)).ToArray());
        Assert.Empty(cluster.CheckIpam().Problems);
    }

    [Fact]
    public void Yaobank_StoresItsServicesAndServiceAccountsAsApplied()
    {
        var cluster = LabNodesAndPool();

        Apply(cluster, Yaobank).AssertNoErrors();

        var stored = cluster.GetStoredObjects();
        Assert.Equal(new[] { "Service/customer", "Service/database", "Service/summary", "ServiceAccount/customer", "ServiceAccount/database", "ServiceAccount/summary" },
            stored.Select(o => o.Kind + "/" + o.Name).ToArray());
        Assert.All(stored, o =>
        {
            Assert.Equal("v1", o.ApiVersion);
            Assert.Equal("yaobank", o.Namespace);
            Assert.Same(cluster, o.Cluster);
        });
        var customer = stored.Single(o => o.Kind == "Service" && o.Name == "customer");
        var spec = (YamlMapping)customer.Root["spec"]!;
        Assert.Equal("NodePort", ((YamlScalar)spec["type"]!).Value);
        var port = (YamlMapping)((YamlSequence)spec["ports"]!).Items.Single();
        Assert.Equal("30180", ((YamlScalar)port["nodePort"]!).Value);
    }

    [Fact]
    public void Yaobank_AppliedAgain_IsAllUnchanged_AndChangesNothing()
    {
        var cluster = LabNodesAndPool();
        Apply(cluster, Yaobank).AssertNoErrors();
        var pods = cluster.GetPods("yaobank").Select(p => p.Name + "=" + p.IP).ToArray();
        var replicaSets = cluster.GetReplicaSets("yaobank").Select(r => r.Name).ToArray();

        var outcome = Apply(cluster, Yaobank).AssertNoErrors();

        Assert.Equal(Created.Select(l => l.Replace(" created", " unchanged", StringComparison.Ordinal)).ToArray(), outcome.Lines);
        Assert.Equal(pods, cluster.GetPods("yaobank").Select(p => p.Name + "=" + p.IP).ToArray());
        Assert.Equal(replicaSets, cluster.GetReplicaSets("yaobank").Select(r => r.Name).ToArray());
    }

    [Fact]
    public void Yaobank_OnTheLabCluster_IsAllUnchanged()
    {
        // The lab cluster was built from this very manifest.
        var cluster = LabCluster.Create();
        var before = Snapshot(cluster, withClock: false);

        var outcome = Apply(cluster, Yaobank).AssertNoErrors();

        Assert.All(outcome.Lines, l => Assert.EndsWith(" unchanged", l));
        Assert.Equal(10, outcome.Lines.Length);
        Assert.Equal(before, Snapshot(cluster, withClock: false));
    }

    [Fact]
    public void Yaobank_WithAPoolAnnotationOnATemplate_IsConfigured_AndRollsOutIntoThatPool()
    {
        // Lab 2.3's second step, on apps/v1: the annotation changes the pod template, so the
        // Deployment rolls out a new ReplicaSet whose pods take pool2 addresses; nothing else
        // changes. No pod has to be deleted by hand (lab-and-simulators.md §1.8 item 7).
        var cluster = LabCluster.Create();
        Apply(cluster, SeedPool2Heredoc).AssertNoErrors();
        var oldSummarySet = cluster.FindDeployment("yaobank", "summary")!.CurrentReplicaSet;
        var annotated = AnnotateTemplate(Yaobank, "summary", "pool2-ipv4-ippool");

        var outcome = Apply(cluster, annotated).AssertNoErrors();

        var expected = Created.Select(l => l.Replace(" created", " unchanged", StringComparison.Ordinal)).ToArray();
        expected[6] = "deployment.apps/summary configured";
        Assert.Equal(expected, outcome.Lines);
        var summary = cluster.FindDeployment("yaobank", "summary")!;
        Assert.NotEqual(oldSummarySet, summary.CurrentReplicaSet);
        Assert.Equal("[\"pool2-ipv4-ippool\"]", summary.Template.Annotations["cni.projectcalico.org/ipv4pools"]);
        var summaryPods = cluster.GetPods("yaobank").Where(p => p.Labels["app"] == "summary").ToList();
        Assert.Equal(2, summaryPods.Count);
        var pool2 = Cidr.Parse("10.48.128.0/24");
        Assert.All(summaryPods, p =>
        {
            Assert.Equal(summary.CurrentReplicaSet, p.ReplicaSet);
            Assert.Equal(PodStatus.Running, p.Status);
            Assert.True(pool2.Contains(p.IPs.Single()), p.IP);
        });
        Assert.Contains(cluster.GetEvents("yaobank"), e => e.Reason == "ScalingReplicaSet" && e.Message.Contains(summary.CurrentReplicaSet, StringComparison.Ordinal));
        Assert.Empty(cluster.CheckIpam().Problems);
    }

    [Fact]
    public void Yaobank_WithOnlyReplicasChanged_IsConfigured_WithoutANewReplicaSet()
    {
        var cluster = LabCluster.Create();
        var set = cluster.FindDeployment("yaobank", "summary")!.CurrentReplicaSet;
        var scaled = Yaobank.Replace("  replicas: 2\n", "  replicas: 3\n", StringComparison.Ordinal);

        var outcome = Apply(cluster, scaled).AssertNoErrors();

        Assert.Equal("deployment.apps/summary configured", outcome.Lines[6]);
        Assert.Equal(9, outcome.Lines.Count(l => l.EndsWith(" unchanged", StringComparison.Ordinal)));
        var summary = cluster.FindDeployment("yaobank", "summary")!;
        Assert.Equal(set, summary.CurrentReplicaSet);
        Assert.Equal(3, summary.Replicas);
        Assert.Equal(3, cluster.GetPods("yaobank").Count(p => p.Labels["app"] == "summary"));
    }

    [Fact]
    public void Yaobank_WithAServiceChanged_IsConfigured()
    {
        var cluster = LabCluster.Create();
        var changed = Yaobank.Replace("nodePort: 30180", "nodePort: 30181", StringComparison.Ordinal);

        var outcome = Apply(cluster, changed).AssertNoErrors();

        Assert.Equal("service/customer configured", outcome.Lines[7]);
        Assert.Equal(9, outcome.Lines.Count(l => l.EndsWith(" unchanged", StringComparison.Ordinal)));
    }

    [Fact]
    public void YaobankIpam_ExtensionsV1Beta1Deployments_AreRefusedWithKubectlsResourceMappingText_OthersStillApply()
    {
        // lab-and-simulators.md §1.7: the repo's 2.3-yaobank-ipam.yaml uses extensions/v1beta1,
        // which Kubernetes 1.16 and later no longer serve; kubectl says so for each Deployment
        // and applies the rest (the Namespace document with apiVersion twice included).
        var cluster = LabCluster.Create();
        var before = Snapshot(cluster, withClock: false);

        var outcome = Apply(cluster, YaobankIpamExtensionsV1Beta1(), "2.3-yaobank-ipam.yaml");

        Assert.Equal(new[]
        {
            "namespace/yaobank unchanged",
            "service/database unchanged",
            "serviceaccount/database unchanged",
            "service/summary unchanged",
            "serviceaccount/summary unchanged",
            "service/customer unchanged",
            "serviceaccount/customer unchanged",
        }, outcome.Lines);
        Assert.Equal(new[] { "database", "summary", "customer" }, outcome.Errors.Select(e => e.Document.Name).ToArray());
        foreach (var (document, error) in outcome.Errors)
        {
            Assert.IsType<ManifestException>(error);
            Assert.Equal(
                $"resource mapping not found for name: \"{document.Name}\" namespace: \"yaobank\" from \"2.3-yaobank-ipam.yaml\": "
                + "no matches for kind \"Deployment\" in version \"extensions/v1beta1\"\nensure CRDs are installed first",
                error.Message);
        }
        Assert.Equal(before, Snapshot(cluster, withClock: false));
    }

    [Theory]
    [InlineData("apps/v1beta1")]
    [InlineData("apps/v1beta2")]
    [InlineData("extensions/v1beta1")]
    public void RemovedDeploymentVersions_AreRefused_NamingTheDocument(string apiVersion)
    {
        var cluster = LabCluster.Create();
        var before = Snapshot(cluster, withClock: false);
        var text = Yaobank.Replace("apiVersion: apps/v1\nkind: Deployment", $"apiVersion: {apiVersion}\nkind: Deployment", StringComparison.Ordinal);

        var outcome = Apply(cluster, text, "old.yaml");

        Assert.Equal(3, outcome.Errors.Count);
        Assert.All(outcome.Errors, e => Assert.Contains(
            $"resource mapping not found for name: \"{e.Document.Name}\" namespace: \"yaobank\" from \"old.yaml\": no matches for kind \"Deployment\" in version \"{apiVersion}\"",
            e.Error.Message));
        Assert.Equal(7, outcome.Lines.Length);
        Assert.Equal(before, Snapshot(cluster, withClock: false));
    }

    [Fact]
    public void Yaobank_AfterTheNamespaceIsDeleted_IsCreatedAgain_AllTenLines()
    {
        // Lab 2.3 (final): kubectl delete namespace yaobank, then redeploy yaobank. Deleting a
        // namespace deletes everything in it, Services and ServiceAccounts included, so the
        // redeploy creates all ten objects again.
        var cluster = LabCluster.Create();
        cluster.RemoveNamespace("yaobank");

        Assert.DoesNotContain(cluster.GetStoredObjects(), o => o.Namespace == "yaobank");
        var outcome = Apply(cluster, Yaobank).AssertNoErrors();
        Assert.Equal(Created, outcome.Lines);
    }

    /// <summary>Adds the ipv4pools annotation to one Deployment's pod template.</summary>
    internal static string AnnotateTemplate(string yaobank, string deployment, string pool)
    {
        var marker = $"  template:\n    metadata:\n      labels:\n        app: {deployment}\n";
        Assert.Contains(marker, yaobank);
        return yaobank.Replace(marker,
            $"  template:\n    metadata:\n      annotations:\n        \"cni.projectcalico.org/ipv4pools\": \"[\\\"{pool}\\\"]\"\n      labels:\n        app: {deployment}\n",
            StringComparison.Ordinal);
    }
}

using System;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Manifests;
using static CalicoIpam.Core.Tests.Manifests.ManifestTestKit;

namespace CalicoIpam.Core.Tests.Manifests;

/// <summary>
/// Issue 6, Deliver 3: kubectl delete -f. Each document's object is deleted as the matching
/// command deletes it, with kubectl's line (deployment.apps "customer" deleted); a missing
/// object is an error and the other documents are still deleted.
/// </summary>
public sealed class ManifestDeleteTests
{
    [Fact]
    public void Deployment_IsDeleted_WithKubectlsLine_AndItsPodsGo()
    {
        var cluster = LabCluster.Create();
        var customer = ManifestWriter.ToYaml(cluster.FindDeployment("yaobank", "customer")!);

        var outcome = Delete(cluster, YamlCodec.Current.Emit(customer)).AssertNoErrors();

        Assert.Equal(new[] { "deployment.apps \"customer\" deleted" }, outcome.Lines);
        var result = outcome.Results.Single();
        Assert.Equal(("deleted", "Deployment", "customer", "yaobank"), (result.Action, result.Kind, result.Name, result.Namespace));
        Assert.Null(cluster.FindDeployment("yaobank", "customer"));
        Assert.DoesNotContain(cluster.GetPods("yaobank"), p => p.Labels["app"] == "customer");
        Assert.Null(cluster.FindAllocation(CalicoIpam.Core.Net.IpAddress.Parse("10.48.0.1")));
        Assert.Empty(cluster.CheckIpam().Problems);
    }

    [Fact]
    public void EveryKind_IsDeletedWithItsKubectlLine()
    {
        var cluster = LabCluster.Create();
        Apply(cluster,
            "apiVersion: projectcalico.org/v3\nkind: IPReservation\nmetadata:\n  name: keep-out\nspec:\n  reservedCIDRs: [10.48.0.200/30]\n"
            + "---\napiVersion: crd.projectcalico.org/v1\nkind: IPPool\nmetadata:\n  name: crd-pool\nspec:\n  cidr: 10.60.0.0/24\n"
            + "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"
            + "---\napiVersion: v1\nkind: Node\nmetadata:\n  name: n4\n  annotations: {projectcalico.org/IPv4Address: 10.0.0.14/24}\n").AssertNoErrors();
        var text =
            "apiVersion: projectcalico.org/v3\nkind: IPReservation\nmetadata:\n  name: keep-out\n"
            + "---\napiVersion: crd.projectcalico.org/v1\nkind: IPPool\nmetadata:\n  name: crd-pool\n"
            + "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"
            + "---\napiVersion: v1\nkind: Node\nmetadata:\n  name: n4\n"
            + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: customer\n  namespace: yaobank\n"
            + "---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: customer\n  namespace: yaobank\n"
            + "---\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: external-pool\n"
            + "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: external-ns\n";

        var outcome = Delete(cluster, text).AssertNoErrors();

        Assert.Equal(new[]
        {
            "ipreservation.projectcalico.org \"keep-out\" deleted",
            "ippool.crd.projectcalico.org \"crd-pool\" deleted",
            "pod \"web\" deleted",
            "node \"n4\" deleted",
            "service \"customer\" deleted",
            "serviceaccount \"customer\" deleted",
            "ippool.projectcalico.org \"external-pool\" deleted",
            "namespace \"external-ns\" deleted",
        }, outcome.Lines);
        Assert.Empty(cluster.GetReservations());
        Assert.Null(cluster.FindPool("crd-pool"));
        Assert.Null(cluster.FindPod("default", "web"));
        Assert.Null(cluster.FindNode("n4"));
        Assert.DoesNotContain(cluster.GetStoredObjects(), o => o.Name == "customer");
        Assert.Null(cluster.FindPool("external-pool"));
        Assert.Null(cluster.FindNamespace("external-ns"));
    }

    [Fact]
    public void DeletingAPool_LeavesItsUsedBlockOrphaned_AsCalicoDoes()
    {
        // calico-routes-validation.md §1.7: nginx keeps 10.48.2.224; its block loses its affinity.
        var cluster = LabCluster.Create();

        Delete(cluster, LabCluster.Manifest("04-external-pool.yaml"), "04-external-pool.yaml").AssertNoErrors();

        var block = cluster.GetBlocks().Single(b => b.Cidr.ToString() == "10.48.2.224/29");
        Assert.Equal("", block.Affinity);
        Assert.Equal(1, block.InUse);
        Assert.Equal("10.48.2.224", cluster.GetPods("external-ns").Single().IP);
    }

    [Fact]
    public void AMissingObject_IsAnError_AndTheOtherDocumentsAreStillDeleted()
    {
        var cluster = LabCluster.Create();

        var outcome = Delete(cluster,
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: staging\n"
            + "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx\n  namespace: external-ns\n");

        Assert.Equal(new[] { "deployment.apps \"nginx\" deleted" }, outcome.Lines);
        var (document, error) = outcome.Errors.Single();
        Assert.Equal("staging", document.Name);
        Assert.IsType<ResourceNotFoundException>(error);
        Assert.Equal("namespaces \"staging\" not found", error.Message);
    }

    [Fact]
    public void MissingObjects_OfEachKind_GiveKubectlsAndCalicosNotFoundTexts()
    {
        var cluster = LabNodesAndPool();

        var outcome = Delete(cluster,
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: gone\n"
            + "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: gone\n"
            + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: gone\n"
            + "---\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: gone\n");

        Assert.Empty(outcome.Results);
        Assert.Equal(new[]
        {
            "deployments.apps \"gone\" not found",
            "pods \"gone\" not found",
            "services \"gone\" not found",
            "resource does not exist: IPPool(gone) with error: ippools.crd.projectcalico.org \"gone\" not found",
        }, outcome.Errors.Select(e => e.Error.Message).ToArray());
    }

    [Fact]
    public void DeletingTheYaobankManifest_DeletesAllTenObjects_AsKubectlDeleteFDoes()
    {
        // kubectl delete -f issues every delete, printing each line, then waits: the namespace
        // is only Terminating when the objects in it are deleted, so all ten lines are "deleted".
        var cluster = LabCluster.Create();

        var outcome = Delete(cluster, LabCluster.Manifest("03-yaobank.yaml"), "1-yaobank.yaml");

        Assert.Empty(outcome.Errors.Select(e => e.Error.Message));
        Assert.Equal(new[]
        {
            "namespace \"yaobank\" deleted",
            "service \"database\" deleted",
            "serviceaccount \"database\" deleted",
            "deployment.apps \"database\" deleted",
            "service \"summary\" deleted",
            "serviceaccount \"summary\" deleted",
            "deployment.apps \"summary\" deleted",
            "service \"customer\" deleted",
            "serviceaccount \"customer\" deleted",
            "deployment.apps \"customer\" deleted",
        }, outcome.Lines);
        Assert.Empty(cluster.GetPods("yaobank"));
        Assert.Empty(cluster.GetStoredObjects());
        Assert.Empty(cluster.CheckIpam().Problems);
    }

    [Fact]
    public void DeletingANamespace_DeletesItsServicesAndServiceAccounts()
    {
        var cluster = LabCluster.Create();

        Delete(cluster, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: yaobank\n").AssertNoErrors();

        Assert.DoesNotContain(cluster.GetStoredObjects(), o => o.Namespace == "yaobank");
    }

    [Fact]
    public void IpamConfiguration_CanBeDeleted_BackToCalicosDefaults()
    {
        // kubectl delete ipamconfigurations default: Calico then uses its defaults
        // (calico-ipam.md §1.5). Refusing it as a kind the server does not serve is wrong.
        var cluster = LabNodesAndPool();
        cluster.SetIpamConfig(new IpamConfig { StrictAffinity = true });

        var outcome = Delete(cluster, "apiVersion: projectcalico.org/v3\nkind: IPAMConfiguration\nmetadata:\n  name: default\n");

        Assert.Empty(outcome.Errors.Select(e => e.Error.Message));
        Assert.Equal(new[] { "ipamconfiguration.projectcalico.org \"default\" deleted" }, outcome.Lines);
        Assert.False(cluster.GetIpamConfig().StrictAffinity);
    }

    [Fact]
    public void Blocks_CannotBeDeleted_AndSaySoAsOnApply()
    {
        var cluster = LabCluster.Create();
        var before = Snapshot(cluster);

        var outcome = Delete(cluster, YamlCodec.Current.Emit(ManifestWriter.ToYaml(cluster.GetBlocks()[0])));

        Assert.Contains("IPAM blocks and affinities belong to Calico IPAM", outcome.Errors.Single().Error.Message);
        Assert.Equal(before, Snapshot(cluster));
    }
}

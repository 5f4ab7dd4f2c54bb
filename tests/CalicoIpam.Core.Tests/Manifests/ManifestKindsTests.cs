using System;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Manifests;
using CalicoIpam.Core.Net;
using static CalicoIpam.Core.Tests.Manifests.ManifestTestKit;

namespace CalicoIpam.Core.Tests.Manifests;

/// <summary>
/// The kinds Import-Manifest applies (issue 6, Deliver 1): IPPool in both API groups, the List
/// kinds, IPReservation, IPAMConfiguration, Node, Namespace, Pod, Deployment, and the stored
/// Service and ServiceAccount; each created, configured or unchanged as kubectl says it.
/// </summary>
public sealed class ManifestKindsTests
{
    // ---- crd.projectcalico.org/v1 IPPool: no Calico validation (calico-routes-validation.md §1.1, §1.3 path 3)

    [Fact]
    public void CrdPool_ThatOverlapsAnotherPool_IsAccepted()
    {
        // The same pool through projectcalico.org/v3 is refused (overlap with default-ipv4-ippool).
        var cluster = LabNodesAndPool();
        const string Body = "kind: IPPool\nmetadata:\n  name: overlapping\nspec:\n  cidr: 10.48.0.0/23\n  blockSize: 26\n";

        var v3 = Apply(cluster, "apiVersion: projectcalico.org/v3\n" + Body);
        var crd = Apply(cluster, "apiVersion: crd.projectcalico.org/v1\n" + Body).AssertNoErrors();

        Assert.Equal("error with field IPPool.Spec.CIDR = '10.48.0.0/23' (IPPool(overlapping) CIDR overlaps with IPPool(default-ipv4-ippool) CIDR 10.48.0.0/24)",
            v3.Errors.Single().Error.Message);
        Assert.Equal(new[] { "ippool.crd.projectcalico.org/overlapping created" }, crd.Lines);
        Assert.Equal("10.48.0.0/23", cluster.FindPool("overlapping")!.Cidr);
    }

    [Fact]
    public void CrdPool_AppliedAgain_IsUnchanged_ThenConfigured()
    {
        var cluster = LabNodesAndPool();
        const string Text = "apiVersion: crd.projectcalico.org/v1\nkind: IPPool\nmetadata:\n  name: crd-pool\nspec:\n  cidr: 10.60.0.0/24\n  natOutgoing: true\n";
        Apply(cluster, Text).AssertNoErrors();

        Assert.Equal(new[] { "ippool.crd.projectcalico.org/crd-pool unchanged" }, Apply(cluster, Text).AssertNoErrors().Lines);
        Assert.Equal(new[] { "ippool.crd.projectcalico.org/crd-pool configured" },
            Apply(cluster, Text.Replace("natOutgoing: true", "natOutgoing: false", StringComparison.Ordinal)).AssertNoErrors().Lines);
        Assert.False(cluster.FindPool("crd-pool")!.NatOutgoing);
    }

    [Theory]
    [InlineData("10.48.0.0/33")]
    [InlineData("not-a-cidr")]
    [InlineData("10.300.0.0/16")]
    public void CrdPool_WithAnUnparsableCidr_IsStillRefused_AndChangesNothing(string cidr)
    {
        var cluster = LabNodesAndPool();
        var before = Snapshot(cluster);

        var outcome = Apply(cluster, $"apiVersion: crd.projectcalico.org/v1\nkind: IPPool\nmetadata:\n  name: crd-bad\nspec:\n  cidr: {cidr}\n");

        Assert.Empty(outcome.Results);
        Assert.Contains(cidr, outcome.Errors.Single().Error.Message);
        Assert.Equal(before, Snapshot(cluster));
    }

    [Fact]
    public void V3Pool_WithoutCidr_IsRefusedWithCalicosText()
    {
        var cluster = LabNodesAndPool();

        var outcome = Apply(cluster, "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: nocidr\nspec:\n  blockSize: 26\n");

        Assert.Equal("error with field IPPool.Spec.CIDR (IPPool CIDR must be specified)", outcome.Errors.Single().Error.Message);
    }

    // ---- List kinds ---------------------------------------------------------------------------

    [Fact]
    public void IPPoolList_AsCalicoctlWritesIt_Loads()
    {
        // calico-routes-validation.md §5.2's IPPoolList shape, items first.
        var cluster = LabNodesAndPool();
        const string List =
            "apiVersion: projectcalico.org/v3\n"
            + "items:\n"
            + "- apiVersion: projectcalico.org/v3\n"
            + "  kind: IPPool\n"
            + "  metadata:\n"
            + "    creationTimestamp: \"2024-07-29T06:03:57Z\"\n"
            + "    name: pool-a\n"
            + "    resourceVersion: \"2330\"\n"
            + "    uid: a28320ff-d143-48a4-b6a0-91e37279a47a\n"
            + "  spec:\n"
            + "    allowedUses:\n"
            + "    - Workload\n"
            + "    - Tunnel\n"
            + "    blockSize: 26\n"
            + "    cidr: 10.70.0.0/24\n"
            + "    ipipMode: Always\n"
            + "    natOutgoing: true\n"
            + "    nodeSelector: all()\n"
            + "    vxlanMode: Never\n"
            + "- apiVersion: projectcalico.org/v3\n"
            + "  kind: IPPool\n"
            + "  metadata:\n"
            + "    name: pool-b\n"
            + "  spec:\n"
            + "    cidr: 10.71.0.0/24\n"
            + "kind: IPPoolList\n"
            + "metadata:\n"
            + "  resourceVersion: \"742363428\"\n";

        var outcome = Apply(cluster, List).AssertNoErrors();

        Assert.Equal(new[] { "ippool.projectcalico.org/pool-a created", "ippool.projectcalico.org/pool-b created" }, outcome.Lines);
        Assert.Equal(EncapsulationMode.Always, cluster.FindPool("pool-a")!.IpipMode);
    }

    [Fact]
    public void V1List_OfMixedKinds_Loads_InItemOrder()
    {
        var cluster = LabNodesAndPool();
        const string List =
            "apiVersion: v1\n"
            + "kind: List\n"
            + "metadata:\n"
            + "  resourceVersion: \"\"\n"
            + "items:\n"
            + "- apiVersion: v1\n"
            + "  kind: Namespace\n"
            + "  metadata:\n"
            + "    name: team-a\n"
            + "- apiVersion: v1\n"
            + "  kind: ServiceAccount\n"
            + "  metadata:\n"
            + "    name: builder\n"
            + "    namespace: team-a\n"
            + "- apiVersion: projectcalico.org/v3\n"
            + "  kind: IPReservation\n"
            + "  metadata:\n"
            + "    name: gateways\n"
            + "  spec:\n"
            + "    reservedCIDRs:\n"
            + "    - 10.48.0.1/32\n";

        var outcome = Apply(cluster, List).AssertNoErrors();

        Assert.Equal(new[] { "namespace/team-a created", "serviceaccount/builder created", "ipreservation.projectcalico.org/gateways created" }, outcome.Lines);
    }

    [Fact]
    public void Lists_AreUnrolled_BeforeTheyApply()
    {
        var documents = ManifestReader.Read(
            "apiVersion: v1\nkind: List\nitems:\n"
            + "- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: a\n"
            + "- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: b\n"
            + "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: c\n", "list.yaml");

        Assert.Equal(new[] { "a", "b", "c" }, documents.Select(d => d.Name).ToArray());
        Assert.All(documents, d => Assert.Equal("list.yaml", d.Source));
        Assert.Equal(new[] { 4, 8, 13 }, documents.Select(d => d.Line).ToArray());
    }

    // ---- Node ---------------------------------------------------------------------------------

    [Fact]
    public void Node_IsCreated_WithTheAddressFromCalicosAnnotation_ThenUnchanged_ThenConfigured()
    {
        var cluster = LabNodesAndPool();
        const string Text = "apiVersion: v1\nkind: Node\nmetadata:\n  name: ip-10-0-0-13\n  labels:\n    zone: b\n"
            + "  annotations:\n    projectcalico.org/IPv4Address: 10.0.0.13/24\n";

        Assert.Equal(new[] { "node/ip-10-0-0-13 created" }, Apply(cluster, Text).AssertNoErrors().Lines);
        var node = cluster.FindNode("ip-10-0-0-13")!;
        Assert.Equal("10.0.0.13/24", node.Address.ToString());
        Assert.Equal("b", node.Labels["zone"]);
        Assert.Equal(NodeRole.Worker, node.Role);

        Assert.Equal(new[] { "node/ip-10-0-0-13 unchanged" }, Apply(cluster, Text).AssertNoErrors().Lines);

        Assert.Equal(new[] { "node/ip-10-0-0-13 configured" },
            Apply(cluster, Text.Replace("zone: b", "zone: c", StringComparison.Ordinal)).AssertNoErrors().Lines);
        node = cluster.FindNode("ip-10-0-0-13")!;
        Assert.Equal("c", node.Labels["zone"]);
        Assert.Equal("ip-10-0-0-13", node.Labels["kubernetes.io/hostname"]); // kubelet's labels stay
    }

    [Fact]
    public void Node_WithOnlyAnInternalIP_IsCreated()
    {
        var cluster = LabNodesAndPool();

        var outcome = Apply(cluster, "apiVersion: v1\nkind: Node\nmetadata:\n  name: n5\nstatus:\n  addresses:\n  - type: InternalIP\n    address: 10.0.0.15\n").AssertNoErrors();

        Assert.Equal(new[] { "node/n5 created" }, outcome.Lines);
        Assert.Equal("10.0.0.15", cluster.FindNode("n5")!.InternalIP);
    }

    [Fact]
    public void Node_WithoutAnAddress_IsRefused_WithTheReason_ForTheCallerToNameTheDocument()
    {
        var cluster = LabNodesAndPool();
        var before = Snapshot(cluster);

        var outcome = Apply(cluster, "apiVersion: v1\nkind: Node\nmetadata:\n  name: n6\n", "nodes.yaml");

        var (document, exception) = outcome.Errors.Single();
        var error = Assert.IsType<ManifestException>(exception);
        Assert.Equal(("n6", "nodes.yaml"), (document.Name, document.Source));
        Assert.False(error.NamesDocument);
        Assert.StartsWith("no address: ", error.Message);
        Assert.Contains("projectcalico.org/IPv4Address", error.Message);
        Assert.Equal(before, Snapshot(cluster));
    }

    [Fact]
    public void ControlPlaneLabel_MakesAControlPlaneNode()
    {
        var cluster = LabNodesAndPool();

        Assert.Equal(NodeRole.ControlPlane, cluster.FindNode("ip-10-0-0-10")!.Role);
        Assert.Equal(NodeRole.Worker, cluster.FindNode("ip-10-0-0-11")!.Role);
    }

    // ---- Namespace -----------------------------------------------------------------------------

    [Fact]
    public void Namespace_IsCreated_Unchanged_Configured()
    {
        var cluster = LabNodesAndPool();
        const string Text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels:\n    team: a\n"
            + "  annotations:\n    cni.projectcalico.org/ipv4pools: '[\"default-ipv4-ippool\"]'\n";

        Assert.Equal(new[] { "namespace/team-a created" }, Apply(cluster, Text).AssertNoErrors().Lines);
        Assert.Equal(new[] { "namespace/team-a unchanged" }, Apply(cluster, Text).AssertNoErrors().Lines);
        Assert.Equal(new[] { "namespace/team-a configured" },
            Apply(cluster, Text.Replace("team: a", "team: b", StringComparison.Ordinal)).AssertNoErrors().Lines);

        var ns = cluster.FindNamespace("team-a")!;
        Assert.Equal("b", ns.Labels["team"]);
        Assert.Equal("[\"default-ipv4-ippool\"]", ns.Annotations["cni.projectcalico.org/ipv4pools"]);
    }

    [Fact]
    public void Namespace_WithTheApiServersNameLabel_IsUnchanged()
    {
        // kubectl get ns -o yaml shows kubernetes.io/metadata.name, which the API server sets.
        var cluster = LabCluster.Create();

        var outcome = Apply(cluster, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: yaobank\n  labels:\n"
            + "    istio-injection: disabled\n    kubernetes.io/metadata.name: yaobank\n").AssertNoErrors();

        Assert.Equal(new[] { "namespace/yaobank unchanged" }, outcome.Lines);
    }

    // ---- Pod ---------------------------------------------------------------------------------

    [Fact]
    public void Pod_IsCreated_GetsAnAddress_ThenUnchanged_ThenConfigured()
    {
        var cluster = LabNodesAndPool();
        const string Text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\n"
            + "spec:\n  nodeName: ip-10-0-0-11\n  containers:\n  - name: web\n    image: nginx\n";

        Assert.Equal(new[] { "pod/web created" }, Apply(cluster, Text).AssertNoErrors().Lines);
        var pod = cluster.FindPod("default", "web")!;
        Assert.Equal("ip-10-0-0-11", pod.Node);
        Assert.Equal(PodStatus.Running, pod.Status);
        Assert.True(Cidr.Parse("10.48.0.0/24").Contains(pod.IPs.Single()));

        Assert.Equal(new[] { "pod/web unchanged" }, Apply(cluster, Text).AssertNoErrors().Lines);
        Assert.Equal(new[] { "pod/web configured" },
            Apply(cluster, Text.Replace("app: web", "app: web2", StringComparison.Ordinal)).AssertNoErrors().Lines);
        Assert.Equal("web2", cluster.FindPod("default", "web")!.Labels["app"]);
        Assert.Equal(pod.IP, cluster.FindPod("default", "web")!.IP); // same pod, same address
    }

    [Fact]
    public void Pod_InANamespaceThatDoesNotExist_IsRefused()
    {
        var cluster = LabNodesAndPool();
        var before = Snapshot(cluster);

        var outcome = Apply(cluster, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: nope\n");

        Assert.Equal("namespaces \"nope\" not found", outcome.Errors.Single().Error.Message);
        Assert.Equal(before, Snapshot(cluster));
    }

    [Fact]
    public void Pod_WithAPoolAnnotation_TakesItsAddressFromThatPool()
    {
        var cluster = LabCluster.Create();

        Apply(cluster, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: ext\n  annotations:\n"
            + "    cni.projectcalico.org/ipv4pools: '[\"external-pool\"]'\n").AssertNoErrors();

        Assert.True(Cidr.Parse("10.48.2.0/24").Contains(cluster.FindPod("default", "ext")!.IPs.Single()));
    }

    // ---- IPReservation, IPAMConfiguration ------------------------------------------------------

    [Fact]
    public void IpReservation_IsCreated_Unchanged_Configured()
    {
        var cluster = LabNodesAndPool();
        const string Text = "apiVersion: projectcalico.org/v3\nkind: IPReservation\nmetadata:\n  name: keep-out\nspec:\n  reservedCIDRs:\n  - 10.48.0.10/32\n";

        Assert.Equal(new[] { "ipreservation.projectcalico.org/keep-out created" }, Apply(cluster, Text).AssertNoErrors().Lines);
        Assert.Equal(new[] { "ipreservation.projectcalico.org/keep-out unchanged" }, Apply(cluster, Text).AssertNoErrors().Lines);
        Assert.Equal(new[] { "ipreservation.projectcalico.org/keep-out configured" },
            Apply(cluster, Text.Replace("10.48.0.10/32", "10.48.0.8/30", StringComparison.Ordinal)).AssertNoErrors().Lines);
        Assert.Equal(new[] { "10.48.0.8/30" }, cluster.GetReservations().Single().ReservedCidrs);
    }

    [Fact]
    public void IpamConfiguration_IsUnchanged_WhenItHasCalicosDefaults_AndConfiguredWhenItChanges()
    {
        var cluster = LabNodesAndPool();
        const string Text = "apiVersion: projectcalico.org/v3\nkind: IPAMConfiguration\nmetadata:\n  name: default\nspec:\n"
            + "  strictAffinity: false\n  autoAllocateBlocks: true\n";

        Assert.Equal(new[] { "ipamconfiguration.projectcalico.org/default unchanged" }, Apply(cluster, Text).AssertNoErrors().Lines);
        Assert.Equal(new[] { "ipamconfiguration.projectcalico.org/default configured" },
            Apply(cluster, Text.Replace("strictAffinity: false", "strictAffinity: true", StringComparison.Ordinal) + "  maxBlocksPerHost: 4\n").AssertNoErrors().Lines);
        var config = cluster.GetIpamConfig();
        Assert.True(config.StrictAffinity);
        Assert.Equal(4, config.MaxBlocksPerHost);
    }

    [Fact]
    public void IpamConfiguration_BreakingCalicosRules_IsRefusedWithCalicosText()
    {
        var cluster = LabNodesAndPool();
        var before = Snapshot(cluster);

        var outcome = Apply(cluster, "apiVersion: projectcalico.org/v3\nkind: IPAMConfiguration\nmetadata:\n  name: default\nspec:\n"
            + "  strictAffinity: false\n  autoAllocateBlocks: false\n");

        Assert.Equal("Cannot disable 'StrictAffinity' and 'AutoAllocateBlocks' at the same time", outcome.Errors.Single().Error.Message);
        Assert.Equal(before, Snapshot(cluster));
    }

    [Fact]
    public void IpamConfiguration_NotNamedDefault_IsRefused()
    {
        var cluster = LabNodesAndPool();

        var outcome = Apply(cluster, "apiVersion: projectcalico.org/v3\nkind: IPAMConfiguration\nmetadata:\n  name: other\nspec: {}\n");

        Assert.Contains("IPAMConfiguration name must be 'default'", outcome.Errors.Single().Error.Message);
    }

    // ---- Deployment ----------------------------------------------------------------------------

    [Fact]
    public void Deployment_WithoutSelector_InAppsV1_IsRefusedAsTheApiServerRefusesIt()
    {
        var cluster = LabNodesAndPool();

        var outcome = Apply(cluster, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nosel\nspec:\n  template:\n    metadata:\n      labels:\n        a: b\n");

        var error = Assert.IsType<KubernetesValidationException>(outcome.Errors.Single().Error);
        Assert.Contains("spec.selector: Required value", error.Message);
        Assert.Empty(cluster.GetDeployments());
    }

    [Fact]
    public void Deployment_WithItsMetadataLabelsChanged_IsConfigured()
    {
        // kubectl apply patches metadata.labels of a Deployment like any other field.
        var cluster = LabCluster.Create();
        var text = LabCluster.Manifest("05-external-ns.yaml").Replace("  name: nginx\n  namespace: external-ns\n",
            "  name: nginx\n  namespace: external-ns\n  labels:\n    tier: web\n", StringComparison.Ordinal);

        var outcome = Apply(cluster, text).AssertNoErrors();

        Assert.Equal(new[] { "namespace/external-ns unchanged", "deployment.apps/nginx configured" }, outcome.Lines);
        Assert.Equal("web", cluster.FindDeployment("external-ns", "nginx")!.Labels["tier"]);
    }

    [Fact]
    public void Deployment_SelectorChange_HasTheApiServersText()
    {
        var cluster = LabCluster.Create();
        var text = LabCluster.Manifest("05-external-ns.yaml").Replace("    matchLabels:\n      app: nginx\n",
            "    matchLabels:\n      app: nginx\n      tier: web\n", StringComparison.Ordinal);

        var error = Apply(cluster, text).Errors.Single().Error;

        Assert.Equal("Deployment.apps \"nginx\" is invalid: spec.selector: Invalid value: "
            + "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"nginx\", \"tier\":\"web\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: "
            + "field is immutable", error.Message);
    }

    [Fact]
    public void Pod_WithAnOwnerReferenceWithoutUid_IsRefused_AsTheApiServerRefusesIt()
    {
        var cluster = LabCluster.Create();
        var before = Snapshot(cluster);
        const string Text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: orphan\n  namespace: yaobank\n  ownerReferences:\n"
            + "  - apiVersion: apps/v1\n    kind: ReplicaSet\n    name: customer-68d67b588d\n    controller: true\n";

        var outcome = Apply(cluster, Text);

        Assert.Equal("Pod \"orphan\" is invalid: metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty",
            Assert.IsType<KubernetesValidationException>(outcome.Errors.Single().Error).Message);
        Assert.Equal(before, Snapshot(cluster));
        Assert.Equal(new[] { "pod/orphan created" }, Apply(cluster, Text.Replace("    controller: true\n", "    controller: true\n    uid: 5e0c4f3a-1\n", StringComparison.Ordinal)).AssertNoErrors().Lines);
    }

    [Fact]
    public void Deployment_WithItsSelectorChanged_IsRefused_TheSelectorIsImmutable()
    {
        // apps/v1 ValidateDeploymentUpdate: spec.selector: Invalid value: ...: field is immutable.
        var cluster = LabCluster.Create();
        var before = Snapshot(cluster);
        var text = LabCluster.Manifest("05-external-ns.yaml").Replace("    matchLabels:\n      app: nginx\n",
            "    matchLabels:\n      app: nginx\n      tier: web\n", StringComparison.Ordinal)
            .Replace("      labels:\n        app: nginx\n", "      labels:\n        app: nginx\n        tier: web\n", StringComparison.Ordinal);

        var outcome = Apply(cluster, text);

        Assert.Equal(new[] { "namespace/external-ns unchanged" }, outcome.Lines);
        var error = outcome.Errors.Single().Error;
        Assert.Contains("spec.selector", error.Message);
        Assert.Contains("field is immutable", error.Message);
        Assert.Equal(before, Snapshot(cluster));
    }

    // ---- Service, ServiceAccount: stored --------------------------------------------------------

    [Fact]
    public void Service_IsStoredAsApplied_Unchanged_Configured()
    {
        var cluster = LabCluster.Create();
        const string Text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\n  namespace: external-ns\nspec:\n  selector:\n    app: nginx\n  ports:\n  - port: 80\n";

        Assert.Equal(new[] { "service/nginx created" }, Apply(cluster, Text).AssertNoErrors().Lines);
        Assert.Equal(new[] { "service/nginx unchanged" }, Apply(cluster, Text).AssertNoErrors().Lines);
        Assert.Equal(new[] { "service/nginx configured" }, Apply(cluster, Text.Replace("port: 80", "port: 8080", StringComparison.Ordinal)).AssertNoErrors().Lines);

        var stored = cluster.GetStoredObjects().Single(o => o.Namespace == "external-ns");
        Assert.Equal(("Service", "nginx", "v1"), (stored.Kind, stored.Name, stored.ApiVersion));
    }

    [Fact]
    public void ServiceAccount_WithoutANamespace_GoesToDefault()
    {
        var cluster = LabNodesAndPool();

        var outcome = Apply(cluster, "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: robot\n").AssertNoErrors();

        Assert.Equal("default", outcome.Results.Single().Namespace);
        Assert.Equal("default", cluster.GetStoredObjects().Single().Namespace);
    }

    [Fact]
    public void Service_InANamespaceThatDoesNotExist_IsRefused()
    {
        var cluster = LabNodesAndPool();

        var outcome = Apply(cluster, "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: nope\n");

        Assert.Equal("namespaces \"nope\" not found", outcome.Errors.Single().Error.Message);
        Assert.Empty(cluster.GetStoredObjects());
    }

    // ---- the clock -----------------------------------------------------------------------------------

    [Fact]
    public void UnchangedApply_DoesNotMoveTheClock()
    {
        // The simulated clock moves only when the cluster changes (about_CalicoIpam); an apply
        // that changes nothing is not a change (the API server keeps the resourceVersion).
        var cluster = LabCluster.Create();
        var now = cluster.Now;

        var outcome = Apply(cluster, LabCluster.Manifest("03-yaobank.yaml")).AssertNoErrors();

        Assert.All(outcome.Lines, l => Assert.EndsWith(" unchanged", l));
        Assert.Equal(now, cluster.Now);
    }

    [Fact]
    public void RefusedDocuments_DoNotMoveTheClock()
    {
        var cluster = LabCluster.Create();
        var now = cluster.Now;

        Apply(cluster, SeedSlash17Pools.Split("---\n")[0] + "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: nope\n");

        Assert.Equal(now, cluster.Now);
    }

    // ---- kinds the cluster does not serve ----------------------------------------------------------

    [Fact]
    public void UnknownKind_IsRefusedWithKubectlsResourceMappingText()
    {
        var cluster = LabCluster.Create();

        var outcome = Apply(cluster, "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: yaobank\n", "w.yaml");

        Assert.Equal("resource mapping not found for name: \"w\" namespace: \"yaobank\" from \"w.yaml\": no matches for kind \"Widget\" in version \"example.com/v1\"\n"
            + "ensure CRDs are installed first", outcome.Errors.Single().Error.Message);
    }

    [Fact]
    public void DocumentWithoutAName_IsRefused()
    {
        var cluster = LabNodesAndPool();

        var outcome = Apply(cluster, "apiVersion: v1\nkind: Namespace\nmetadata: {}\n");

        Assert.Equal("error when retrieving current configuration of a Namespace from \"STDIN\": resource name may not be empty",
            outcome.Errors.Single().Error.Message);
    }

    [Fact]
    public void DocumentWithoutKindOrApiVersion_IsRefusedWithKubectlsValidationText_AndTheOthersApply()
    {
        var cluster = LabCluster.CreateEmpty();

        var outcome = Apply(cluster, "metadata:\n  name: x\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: y\n", "x.yaml");

        Assert.Equal(new[] { "namespace/y created" }, outcome.Lines);
        var error = Assert.IsType<ManifestException>(outcome.Errors.Single().Error);
        Assert.StartsWith("error validating \"x.yaml\": error validating data: [apiVersion not set, kind not set]", error.Message);
    }

    [Fact]
    public void EmptyDocuments_AreSkipped()
    {
        Assert.Empty(ManifestReader.Read("", "STDIN"));
        Assert.Empty(ManifestReader.Read("---\n---\n# only a comment\n", "STDIN"));
    }
}

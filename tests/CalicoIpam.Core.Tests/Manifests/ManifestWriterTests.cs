using System;
using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Manifests;
using static CalicoIpam.Core.Tests.Manifests.ManifestTestKit;

namespace CalicoIpam.Core.Tests.Manifests;

/// <summary>
/// Issue 6, Deliver 2: every emitted object becomes YAML shaped like kubectl get -o yaml /
/// calicoctl get -o yaml (calico-routes-validation.md §5.2: keys sorted, block sequences not
/// indented, timestamps quoted, false booleans omitted), one object or a List, and the text
/// re-imports.
/// </summary>
public sealed class ManifestWriterTests
{
    private static string Emit(object value) => YamlCodec.Current.Emit(ManifestWriter.ToYaml(value));

    private static string EmitList(params object[] values) => YamlCodec.Current.Emit(ManifestWriter.ToList(values));

    // ---- shapes -------------------------------------------------------------------------------

    [Fact]
    public void Pool_IsTheSeedsKubectlGetIppoolYaml()
    {
        // The seed's `kubectl get ippool default-ipv4-ippool -o yaml`, without resourceVersion
        // (not simulated) and with v3.30's assignmentMode, sorted between allowedUses and blockSize.
        var cluster = LabCluster.Create();
        var pool = cluster.FindPool("default-ipv4-ippool")!;

        Assert.Equal(
            "apiVersion: projectcalico.org/v3\n"
            + "kind: IPPool\n"
            + "metadata:\n"
            + "  creationTimestamp: \"2022-07-09T17:44:37Z\"\n"
            + "  name: default-ipv4-ippool\n"
            + $"  uid: {pool.Uid}\n"
            + "spec:\n"
            + "  allowedUses:\n"
            + "  - Workload\n"
            + "  - Tunnel\n"
            + "  assignmentMode: Automatic\n"
            + "  blockSize: 26\n"
            + "  cidr: 10.48.0.0/24\n"
            + "  ipipMode: Never\n"
            + "  natOutgoing: true\n"
            + "  nodeSelector: all()\n"
            + "  vxlanMode: Never\n",
            Emit(pool));
    }

    [Fact]
    public void Pool_LeavesFalseBooleansOut_AndWritesTrueOnes()
    {
        var cluster = LabNodesAndPool();
        cluster.CreatePool("quiet", new IpPoolSpec { Cidr = "10.60.0.0/24" });
        cluster.CreatePool("loud", new IpPoolSpec { Cidr = "10.61.0.0/24", NatOutgoing = true, Disabled = true, DisableBgpExport = true });

        var quiet = Emit(cluster.FindPool("quiet")!);
        var loud = Emit(cluster.FindPool("loud")!);

        Assert.DoesNotContain("natOutgoing", quiet);
        Assert.DoesNotContain("disabled", quiet);
        Assert.DoesNotContain("disableBGPExport", quiet);
        Assert.DoesNotContain(": false", quiet);
        Assert.Contains("  disableBGPExport: true\n  disabled: true\n", loud);
        Assert.Contains("  natOutgoing: true\n", loud);
    }

    [Fact]
    public void EveryObjectType_HasSortedKeys_AtEveryLevel()
    {
        var cluster = LabCluster.Create();
        cluster.CreateReservation("keep-out", new[] { "10.48.0.200/30" });

        foreach (var value in EveryEmittedObject(cluster))
        {
            AssertSorted(ManifestWriter.ToYaml(value), value.GetType().Name);
        }
        AssertSorted(ManifestWriter.ToList(cluster.GetPools()), "IPPoolList");
    }

    [Fact]
    public void EveryObjectType_HasItsKubernetesOrCalicoType()
    {
        var cluster = LabCluster.Create();
        cluster.CreateReservation("keep-out", new[] { "10.48.0.200/30" });
        var expected = new Dictionary<Type, string>
        {
            [typeof(IpPool)] = "projectcalico.org/v3 IPPool",
            [typeof(IpReservation)] = "projectcalico.org/v3 IPReservation",
            [typeof(IpamConfig)] = "projectcalico.org/v3 IPAMConfiguration",
            [typeof(Node)] = "v1 Node",
            [typeof(Namespace)] = "v1 Namespace",
            [typeof(Pod)] = "v1 Pod",
            [typeof(Deployment)] = "apps/v1 Deployment",
            [typeof(IpamBlock)] = "crd.projectcalico.org/v1 IPAMBlock",
            [typeof(BlockAffinity)] = "crd.projectcalico.org/v1 BlockAffinity",
            [typeof(StoredObject)] = "v1 ",
        };

        foreach (var value in EveryEmittedObject(cluster))
        {
            var yaml = ManifestWriter.ToYaml(value);
            var type = Fields.OptionalString(yaml, "apiVersion") + " " + Fields.OptionalString(yaml, "kind");
            Assert.StartsWith(expected[value.GetType()], type);
        }
    }

    [Fact]
    public void Timestamps_AreQuoted_AsKubectlWritesThem()
    {
        var cluster = LabCluster.Create();

        foreach (var value in new object[] { cluster.GetNodes()[0], cluster.GetNamespaces()[0], cluster.GetPods()[0], cluster.GetDeployments()[0], cluster.GetBlocks()[0] })
        {
            var text = Emit(value);
            Assert.Matches("(creationTimestamp|affinityClaimTime): \"20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\"\n", text);
        }
    }

    [Fact]
    public void Node_CarriesItsAddressAnnotation_LabelsAndAddresses()
    {
        var cluster = LabCluster.Create();

        var text = Emit(cluster.FindNode("ip-10-0-0-10")!);

        Assert.StartsWith("apiVersion: v1\nkind: Node\nmetadata:\n  annotations:\n    projectcalico.org/IPv4Address: 10.0.0.10/24\n", text);
        Assert.Contains("    node-role.kubernetes.io/control-plane: \"\"\n", text);
        Assert.Contains("status:\n  addresses:\n  - address: 10.0.0.10\n    type: InternalIP\n  - address: ip-10-0-0-10\n    type: Hostname\n", text);
    }

    [Fact]
    public void Namespace_CarriesTheApiServersNameLabel_AndItsAnnotations()
    {
        var cluster = LabCluster.Create();

        var text = Emit(cluster.FindNamespace("external-ns")!);

        Assert.Contains("  annotations:\n    cni.projectcalico.org/ipv4pools: '[\"external-pool\"]'\n", text);
        Assert.Contains("  labels:\n    kubernetes.io/metadata.name: external-ns\n", text);
        Assert.EndsWith("spec:\n  finalizers:\n  - kubernetes\nstatus:\n  phase: Active\n", text);
    }

    [Fact]
    public void Pod_CarriesTheCniAnnotations_ItsOwner_NodeAndStatus()
    {
        var cluster = LabCluster.Create();
        var pod = cluster.GetPods("external-ns").Single();

        var text = Emit(pod);

        Assert.Contains($"    cni.projectcalico.org/containerID: {pod.ContainerId}\n", text);
        Assert.Contains("    cni.projectcalico.org/podIP: 10.48.2.224/32\n    cni.projectcalico.org/podIPs: 10.48.2.224/32\n", text);
        Assert.Contains($"  ownerReferences:\n  - apiVersion: apps/v1\n    blockOwnerDeletion: true\n    controller: true\n    kind: ReplicaSet\n    name: {pod.ReplicaSet}\n", text);
        Assert.Contains("spec:\n  containers:\n  - image: nginx\n    name: nginx\n  nodeName: ip-10-0-0-11\n", text);
        Assert.EndsWith("status:\n  phase: Running\n  podIP: 10.48.2.224\n  podIPs:\n  - ip: 10.48.2.224\n", text);
    }

    [Fact]
    public void Deployment_CarriesSelectorTemplateAndStatus()
    {
        var cluster = LabCluster.Create();

        var text = Emit(cluster.FindDeployment("yaobank", "summary")!);

        Assert.StartsWith("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: ", text);
        Assert.Contains("spec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: summary\n      version: v1\n", text);
        Assert.Contains("  template:\n    metadata:\n      labels:\n        app: summary\n        version: v1\n    spec:\n      containers:\n"
            + "      - image: calico/yaobank-summary:certification\n        name: summary\n", text);
        Assert.EndsWith("status:\n  availableReplicas: 2\n  readyReplicas: 2\n  replicas: 2\n  updatedReplicas: 2\n", text);
    }

    [Fact]
    public void Block_IsItsIpamBlockResource()
    {
        var cluster = LabCluster.Create();
        var block = cluster.GetBlocks().Single(b => b.Cidr.ToString() == "10.48.2.224/29");

        var text = Emit(block);

        Assert.StartsWith("apiVersion: crd.projectcalico.org/v1\nkind: IPAMBlock\nmetadata:\n  name: 10-48-2-224-29\nspec:\n  affinity: host:ip-10-0-0-11\n", text);
        Assert.Contains("  allocations:\n  - 0\n  - null\n  - null\n  - null\n  - null\n  - null\n  - null\n  - null\n  attributes:\n  - handle_id: k8s-pod-network.", text);
        Assert.Contains("  cidr: 10.48.2.224/29\n  deleted: false\n", text);
        Assert.Contains("  unallocated:\n  - 1\n  - 2\n  - 3\n  - 4\n  - 5\n  - 6\n  - 7\n", text);
    }

    [Fact]
    public void Affinity_IsItsBlockAffinityResource()
    {
        var cluster = LabCluster.Create();
        var affinity = cluster.GetBlockAffinities().Single(a => a.Cidr.ToString() == "10.48.2.224/29");

        Assert.Equal(
            "apiVersion: crd.projectcalico.org/v1\n"
            + "kind: BlockAffinity\n"
            + "metadata:\n"
            + "  name: ip-10-0-0-11-10-48-2-224-29\n"
            + "spec:\n"
            + "  cidr: 10.48.2.224/29\n"
            + "  deleted: \"false\"\n" // BlockAffinitySpec.Deleted is a string in crd.projectcalico.org/v1
            + "  node: ip-10-0-0-11\n"
            + "  state: confirmed\n",
            Emit(affinity));
    }

    [Fact]
    public void Reservation_AndIpamConfiguration_AreTheirCalicoResources()
    {
        var cluster = LabCluster.Create();
        cluster.CreateReservation("keep-out", new[] { "10.48.0.200/30" });
        cluster.SetIpamConfig(new IpamConfig { StrictAffinity = true, MaxBlocksPerHost = 4 });

        var reservation = Emit(cluster.GetReservations().Single());
        var config = Emit(cluster.GetIpamConfig());

        Assert.StartsWith("apiVersion: projectcalico.org/v3\nkind: IPReservation\nmetadata:\n  creationTimestamp: \"", reservation);
        Assert.EndsWith("  name: keep-out\nspec:\n  reservedCIDRs:\n  - 10.48.0.200/30\n", reservation);
        Assert.Equal("apiVersion: projectcalico.org/v3\nkind: IPAMConfiguration\nmetadata:\n  name: default\nspec:\n"
            + "  autoAllocateBlocks: true\n  maxBlocksPerHost: 4\n  strictAffinity: true\n", config);
    }

    [Fact]
    public void NotAResource_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => ManifestWriter.ToYaml("hello"));

        Assert.Contains("String is not a resource that can be written as a manifest", error.Message);
    }

    // ---- lists ----------------------------------------------------------------------------------

    [Fact]
    public void SeveralPools_AreOneIPPoolList_AsCalicoctlWritesIt()
    {
        var cluster = LabCluster.Create();

        var text = EmitList(cluster.GetPools().Cast<object>().ToArray());

        Assert.StartsWith("apiVersion: projectcalico.org/v3\nitems:\n- apiVersion: projectcalico.org/v3\n  kind: IPPool\n  metadata:\n", text);
        Assert.EndsWith("kind: IPPoolList\nmetadata:\n  resourceVersion: \"\"\n", text);
        Assert.Equal(2, text.Split("\n- apiVersion:").Length - 1);
        Assert.Contains("    name: default-ipv4-ippool\n", text);
        Assert.Contains("    name: external-pool\n", text);
    }

    [Fact]
    public void OnePool_AsAList_IsAnIPPoolListOfOne()
    {
        var cluster = LabCluster.Create();

        var text = EmitList(cluster.FindPool("external-pool")!);

        Assert.StartsWith("apiVersion: projectcalico.org/v3\nitems:\n- apiVersion: projectcalico.org/v3\n", text);
        Assert.Contains("\nkind: IPPoolList\n", text);
    }

    [Fact]
    public void SeveralReservations_AreAnIPReservationList()
    {
        var cluster = LabCluster.Create();
        cluster.CreateReservation("a", new[] { "10.48.0.200/32" });
        cluster.CreateReservation("b", new[] { "10.48.0.201/32" });

        Assert.Contains("\nkind: IPReservationList\n", EmitList(cluster.GetReservations().Cast<object>().ToArray()));
    }

    [Fact]
    public void KubernetesObjects_MixedKinds_AndCrdObjects_AreAV1List()
    {
        var cluster = LabCluster.Create();

        var pods = EmitList(cluster.GetPods().Cast<object>().ToArray());
        var mixed = EmitList(cluster.GetPools()[0], cluster.GetReservations().FirstOrDefault() ?? (object)cluster.GetIpamConfig());
        var blocks = EmitList(cluster.GetBlocks().Cast<object>().ToArray());

        foreach (var text in new[] { pods, mixed, blocks })
        {
            Assert.StartsWith("apiVersion: v1\nitems:\n", text);
            Assert.EndsWith("kind: List\nmetadata:\n  resourceVersion: \"\"\n", text);
        }
    }

    // ---- re-import ---------------------------------------------------------------------------------

    [Fact]
    public void EveryImportableObject_ReimportsIntoItsOwnCluster_AsUnchanged()
    {
        var cluster = LabCluster.Create();
        cluster.CreateReservation("keep-out", new[] { "10.48.0.200/30" });
        cluster.SetIpamConfig(new IpamConfig { StrictAffinity = true, MaxBlocksPerHost = 4 });
        var before = Snapshot(cluster, withClock: false);

        foreach (var value in EveryEmittedObject(cluster).Where(v => v is not IpamBlock and not BlockAffinity))
        {
            var outcome = Apply(cluster, Emit(value)).AssertNoErrors();
            Assert.EndsWith(" unchanged", outcome.Lines.Single());
        }
        Assert.Equal(before, Snapshot(cluster, withClock: false));
    }

    [Fact]
    public void TheLabsObjects_ReimportIntoAFreshLabCluster_AsUnchanged()
    {
        var lab = LabCluster.Create();
        var text = YamlCodec.Current.Emit(ManifestWriter.ToList(EveryEmittedObject(lab).Where(v => v is not IpamBlock and not BlockAffinity).ToArray()));
        var fresh = LabCluster.Create();
        var before = Snapshot(fresh, withClock: false);

        var outcome = Apply(fresh, text).AssertNoErrors();

        Assert.All(outcome.Lines, l => Assert.EndsWith(" unchanged", l));
        Assert.Equal(before, Snapshot(fresh, withClock: false));
    }

    [Fact]
    public void CalicoObjects_NodesAndNamespaces_ReimportIntoAnEmptyCluster_AsCreated_WithTheSameSpecs()
    {
        var lab = LabCluster.Create();
        lab.CreateReservation("keep-out", new[] { "10.48.0.200/30" });
        var objects = new List<object>();
        objects.AddRange(lab.GetNodes());
        objects.AddRange(lab.GetPools());
        objects.AddRange(lab.GetReservations());
        objects.AddRange(lab.GetNamespaces());
        var empty = LabCluster.CreateEmpty();

        var outcome = Apply(empty, YamlCodec.Current.Emit(ManifestWriter.ToList(objects))).AssertNoErrors();

        Assert.Equal(new[]
        {
            "node/ip-10-0-0-10 created", "node/ip-10-0-0-11 created", "node/ip-10-0-0-12 created",
            "ippool.projectcalico.org/default-ipv4-ippool created", "ippool.projectcalico.org/external-pool created",
            "ipreservation.projectcalico.org/keep-out created",
            "namespace/default unchanged", "namespace/external-ns created", "namespace/kube-system unchanged", "namespace/yaobank created",
        }, outcome.Lines);
        Assert.Equal(lab.GetPools().Select(PoolSpec), empty.GetPools().Select(PoolSpec));
        Assert.Equal(lab.GetNodes().Select(n => (n.Name, n.Address.ToString(), n.Role)), empty.GetNodes().Select(n => (n.Name, n.Address.ToString(), n.Role)));
        Assert.Equal(lab.FindNamespace("external-ns")!.Annotations, empty.FindNamespace("external-ns")!.Annotations);
    }

    [Fact]
    public void TheLabsWholeExport_IntoAnEmptyCluster_RunsEachDeploymentsReplicasOnly()
    {
        // kubectl get -o yaml of everything includes the pods a ReplicaSet owns. Applied to a new
        // cluster, the Deployments make their own pods; the exported pods name a ReplicaSet that
        // is not theirs (no uid), and Kubernetes does not keep them beside the Deployment's.
        var lab = LabCluster.Create();
        var everything = EveryEmittedObject(lab).Where(v => v is not IpamBlock and not BlockAffinity).ToArray();
        var empty = LabCluster.CreateEmpty();

        Apply(empty, YamlCodec.Current.Emit(ManifestWriter.ToList(everything)));

        Assert.Equal(4, empty.GetPods("yaobank").Count);
        Assert.Single(empty.GetPods("external-ns"));
    }

    [Fact]
    public void Blocks_AndAffinities_AreRefusedOnImport_WithAClearMessage_AndChangeNothing()
    {
        var lab = LabCluster.Create();
        var empty = LabCluster.CreateEmpty();
        var before = Snapshot(empty);

        var blocks = Apply(empty, EmitList(lab.GetBlocks().Cast<object>().ToArray()), "blocks.yaml");
        var affinities = Apply(empty, EmitList(lab.GetBlockAffinities().Cast<object>().ToArray()), "affinities.yaml");

        Assert.Empty(blocks.Results);
        Assert.Empty(affinities.Results);
        Assert.Equal(lab.GetBlocks().Count, blocks.Errors.Count);
        Assert.Equal(lab.GetBlockAffinities().Count, affinities.Errors.Count);
        var first = blocks.Errors[0];
        Assert.IsType<ManifestException>(first.Error);
        Assert.Equal("IPAM blocks and affinities belong to Calico IPAM; "
            + "the simulator does not let them be written (use Import-Cluster to restore a whole cluster)", first.Error.Message);
        Assert.All(affinities.Errors, e => Assert.Contains("IPAM blocks and affinities belong to Calico IPAM", e.Error.Message));
        Assert.Equal(before, Snapshot(empty));
    }

    [Fact]
    public void EmittedText_IsReadBackAsTheSameTree()
    {
        var cluster = LabCluster.Create();

        foreach (var value in EveryEmittedObject(cluster))
        {
            var text = Emit(value);
            var reread = YamlCodec.Current.Emit(YamlCodec.Current.Parse(text, YamlLimits.Default).Single());
            Assert.Equal(text, reread);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static IEnumerable<object> EveryEmittedObject(Cluster cluster)
    {
        foreach (var node in cluster.GetNodes())
        {
            yield return node;
        }
        foreach (var pool in cluster.GetPools())
        {
            yield return pool;
        }
        foreach (var reservation in cluster.GetReservations())
        {
            yield return reservation;
        }
        yield return cluster.GetIpamConfig();
        foreach (var ns in cluster.GetNamespaces())
        {
            yield return ns;
        }
        foreach (var stored in cluster.GetStoredObjects())
        {
            yield return stored;
        }
        foreach (var deployment in cluster.GetDeployments())
        {
            yield return deployment;
        }
        foreach (var pod in cluster.GetPods())
        {
            yield return pod;
        }
        foreach (var block in cluster.GetBlocks())
        {
            yield return block;
        }
        foreach (var affinity in cluster.GetBlockAffinities())
        {
            yield return affinity;
        }
    }

    private static string PoolSpec(IpPool p) =>
        $"{p.Name} {p.Cidr} {p.BlockSize} {p.IpipMode} {p.VxlanMode} {p.NatOutgoing} {p.Disabled} {p.DisableBgpExport} {p.NodeSelector} {string.Join(",", p.AllowedUses)} {p.AssignmentMode}";

    private static void AssertSorted(YamlNode node, string what)
    {
        switch (node)
        {
            case YamlMapping mapping:
                var keys = mapping.Entries.Select(e => e.Key).ToArray();
                Assert.True(keys.SequenceEqual(keys.OrderBy(k => k, StringComparer.Ordinal)), $"{what}: keys not sorted: {string.Join(", ", keys)}");
                foreach (var entry in mapping.Entries)
                {
                    AssertSorted(entry.Value, what);
                }
                break;
            case YamlSequence sequence:
                foreach (var item in sequence.Items)
                {
                    AssertSorted(item, what);
                }
                break;
        }
    }
}

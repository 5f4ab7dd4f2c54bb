using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Manifests;
using CalicoIpam.Core.Net;
using static CalicoIpam.Core.Tests.Clusters.WorkloadTestKit;

namespace CalicoIpam.Core.Tests.Clusters;

/// <summary>
/// The cluster state file (issue 6 item 4, docs/state-file.md): a cluster written and read
/// back is the same cluster — every view the same, the same text written again — and goes on
/// exactly as the original does; a file that is cut short, edited into something no cluster
/// can be, of another version or with a field of the wrong type is refused with the field
/// and its position.
/// </summary>
public sealed class StateFileTests
{
    // ---- round trip -------------------------------------------------------------------------

    [Fact]
    public void LabCluster_WrittenAndReadBack_WritesTheSameTextAndShowsTheSameViews()
    {
        var original = LabCluster.Create();

        var text = ClusterStateFile.Write(original);
        var restored = ClusterStateFile.Read(text);

        Assert.Equal(text, ClusterStateFile.Write(restored));
        Assert.Equal(Dump(original), Dump(restored));
        Assert.NotEqual(original.Id, restored.Id);
        Assert.Equal(original.Now.UtcTicks, restored.Now.UtcTicks);
        Assert.Equal(original.Random.State, restored.Random.State);
        restored.AssertClean();
    }

    [Fact]
    public void TheFile_IsVersionedHumanReadableYaml_WithTheHeaderFirstAndTheCountsLast()
    {
        var cluster = LabCluster.Create();
        var text = ClusterStateFile.Write(cluster);
        var lines = text.Split('\n');

        Assert.StartsWith("# CalicoIpam cluster state, format version 1", lines[0], StringComparison.Ordinal);
        Assert.Equal(new[] { "apiVersion: calicoipam.io/v1", "kind: ClusterState", "version: 1", "cluster:" }, lines.Skip(2).Take(4));
        Assert.Contains("  name: calico-ipam-lab", lines);
        Assert.Contains($"  clock: \"{cluster.Now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture)}+00:00\"", lines);
        Assert.All(lines.Where(l => l.StartsWith("  unallocated: ", StringComparison.Ordinal)), l => Assert.Matches(@"^  unallocated: ([0-9]+(-[0-9]+)?)(,[0-9]+(-[0-9]+)?)*$", l));
        Assert.Contains("- name: default-ipv4-ippool", lines);
        Assert.Equal("counts:", lines.Last(l => !l.StartsWith("  ", StringComparison.Ordinal) && l.Length > 0));
    }

    [Fact]
    public void ABusyCluster_WrittenAndReadBack_IsTheSameInEveryView()
    {
        var original = Scenario();

        var text = ClusterStateFile.Write(original);
        var restored = ClusterStateFile.Read(text);

        Assert.Equal(Dump(original), Dump(restored));
        Assert.Equal(text, ClusterStateFile.Write(restored));
        // The scenario left work in every queue, an orphaned block, a borrowed address and a
        // calicoctl release that Test-Ipam reports: all of it came back.
        Assert.Contains(restored.GetPods(), p => p.Status == PodStatus.Pending);
        Assert.Contains(restored.GetPods(), p => p.Status == PodStatus.ContainerCreating);
        Assert.Contains(restored.GetBlocks(), b => b.Affinity.Length == 0);
        Assert.Contains(restored.GetAllocations(), a => a.Borrowed);
        Assert.NotEqual(0, restored.CheckIpam().CalicoProblemCount);
        Assert.Contains(restored.GetReservations(), r => r.Name == "keep");
        Assert.True(restored.GetStoredObjects().Count > 0);
    }

    [Fact]
    public void Continuing_ARestoredCluster_GivesExactlyWhatContinuingTheOriginalGives()
    {
        var original = Scenario();
        var restored = ClusterStateFile.Read(ClusterStateFile.Write(original));

        Continue(original);
        Continue(restored);

        Assert.Equal(Dump(original), Dump(restored));
        Assert.Equal(ClusterStateFile.Write(original), ClusterStateFile.Write(restored));
        Assert.Equal(original.GetEvents().Count, restored.GetEvents().Count);
        Assert.True(original.GetEvents().Count > 100);
    }

    [Fact]
    public void Continuing_AfterASecondRoundTrip_StillMatches()
    {
        var original = Scenario();
        var restored = ClusterStateFile.Read(ClusterStateFile.Write(ClusterStateFile.Read(ClusterStateFile.Write(original))));
        Continue(original);
        Continue(restored);
        var again = ClusterStateFile.Read(ClusterStateFile.Write(restored));
        Continue2(original);
        Continue2(again);

        Assert.Equal(Dump(original), Dump(again));
    }

    [Fact]
    public void RemovingANode_RemovesItsPodsInNameOrder_SoARestoredClusterReleasesTheSameWay()
    {
        // node-1's per-node set has a reused slot (p2 deleted, p4 added): the removal order must
        // not depend on it, or the free queues of a restored cluster would differ.
        var cluster = WithPool("10.9.0.0/24", 26);
        cluster.Node("node-1");
        foreach (var name in new[] { "p3", "p1", "p2" })
        {
            cluster.BarePod(name, "node-1");
        }
        cluster.DeletePod("default", "p2");
        cluster.BarePod("p0", "node-1");
        var restored = ClusterStateFile.Read(ClusterStateFile.Write(cluster));
        var before = cluster.Events("Killing").Count;

        cluster.RemoveNode("node-1");
        restored.RemoveNode("node-1");

        Assert.Equal(new[] { "pod/p0", "pod/p1", "pod/p3" }, cluster.Events("Killing").Skip(before).Select(e => e.Object));
        Assert.Equal(Dump(cluster), Dump(restored));
    }

    [Fact]
    public void EmptyAndSyntheticClusters_RoundTrip()
    {
        foreach (var original in new[] { LabCluster.CreateEmpty(7), SyntheticCluster.Create(5, "10.244.0.0/16", 24, Encapsulation.VXLAN, seed: 3) })
        {
            var text = ClusterStateFile.Write(original);
            var restored = ClusterStateFile.Read(text);
            Assert.Equal(text, ClusterStateFile.Write(restored));
            Assert.Equal(Dump(original), Dump(restored));
            original.Deploy("x", 7);
            restored.Deploy("x", 7);
            Assert.Equal(Dump(original), Dump(restored));
        }
    }

    [Fact]
    public void Strings_ThatReadAsOtherTypes_AndOddCharacters_RoundTrip()
    {
        var cluster = WithPool();
        cluster.Node("n1");
        cluster.CreateNamespace("odd", annotations: new Dictionary<string, string>
        {
            ["a"] = "true",
            ["b"] = "26",
            ["c"] = "null",
            ["d"] = "",
            ["e"] = "line one\nline two",
            ["f"] = " leading and trailing ",
            ["g"] = "key: value # not a comment",
            ["h"] = "2022-07-09",
            ["i"] = "'quoted' \"double\" \\ back",
            ["j"] = "ünïcödé ✓",
            ["k"] = "- dash",
            ["l"] = "~",
        });

        var restored = ClusterStateFile.Read(ClusterStateFile.Write(cluster));

        Assert.Equal(cluster.FindNamespace("odd")!.Annotations, restored.FindNamespace("odd")!.Annotations);
    }

    [Theory]
    [InlineData(new int[0], "")]
    [InlineData(new[] { 0, 1, 2, 3 }, "0-3")]
    [InlineData(new[] { 5, 6, 7, 0, 2, 3, 9 }, "5-7,0,2,3,9")]
    [InlineData(new[] { 7, 6, 5 }, "7,6,5")]
    [InlineData(new[] { 1 }, "1")]
    public void FreeQueues_AreWrittenAsAscendingRunsInQueueOrder_AndReadBack(int[] queue, string text)
    {
        Assert.Equal(text, OrdinalRanges.Format(queue));
        Assert.Equal(queue, OrdinalRanges.Parse(text, 16, out var problem));
        Assert.Null(problem);
    }

    // ---- refusals: the header ---------------------------------------------------------------

    [Fact]
    public void ANewerFormatVersion_IsRefused_SayingAnUpdateIsNeeded()
    {
        var e = Refused(Text().Replace("\nversion: 1\n", "\nversion: 2\n", StringComparison.Ordinal));

        Assert.Equal("version", e.Field);
        Assert.Contains("format version 2, written by a newer CalicoIpam", e.Message, StringComparison.Ordinal);
        Assert.Contains("reads format versions 1 to 1", e.Message, StringComparison.Ordinal);
        Assert.Equal(5, e.Line);
    }

    [Theory]
    [InlineData("\nversion: 1\n", "\nversion: 0\n", "version", "0 is not a format version")]
    [InlineData("\nversion: 1\n", "\nversion: \"1\"\n", "version", "expected an integer, found the string \"1\"")]
    [InlineData("\nversion: 1\n", "\n", "version", "the field is missing")]
    [InlineData("apiVersion: calicoipam.io/v1", "apiVersion: v1", "apiVersion", "this is not a CalicoIpam cluster state file")]
    [InlineData("kind: ClusterState", "kind: List", "kind", "\"List\" is not ClusterState")]
    public void AnotherApiVersionKindOrVersion_IsRefused(string find, string replace, string field, string message)
    {
        var e = Refused(Text().Replace(find, replace, StringComparison.Ordinal));

        Assert.Equal(field, e.Field);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AManifest_IsNotAStateFile()
    {
        var e = Assert.Throws<StateFileException>(() => ClusterStateFile.Read(LabCluster.Manifest("02-default-pool.yaml")));

        Assert.Contains("this is not a CalicoIpam cluster state file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyFile_OrSeveralDocuments_AreRefused()
    {
        Assert.Contains("the file is empty", Assert.Throws<StateFileException>(() => ClusterStateFile.Read("")).Message, StringComparison.Ordinal);
        Assert.Contains("holds 2 YAML documents",
            Assert.Throws<StateFileException>(() => ClusterStateFile.Read(Text() + "---\n" + Text())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedYaml_IsRefusedWithItsLineAndColumn()
    {
        var e = Assert.Throws<YamlFormatException>(() => ClusterStateFile.Read(Text().Replace("  seed: 1\n", "  seed: 1\n bad: 2\n", StringComparison.Ordinal)));

        Assert.Equal((9, 2), (e.Line, e.Column));
        Assert.EndsWith("(line 9, column 2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAliasBomb_IsRefusedQuickly()
    {
        var bomb = new StringBuilder("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        for (var i = 1; i < 12; i++)
        {
            var previous = ((char)('a' + i - 1)).ToString();
            bomb.Append((char)('a' + i)).Append(": &").Append((char)('a' + i)).Append(" [")
                .Append(string.Join(",", Enumerable.Repeat("*" + previous, 10))).Append("]\n");
        }

        var e = Assert.Throws<YamlFormatException>(() => ClusterStateFile.Read(bomb.ToString()));

        Assert.Contains("aliases counted", e.Message, StringComparison.Ordinal);
    }

    // ---- refusals: a file cut short -------------------------------------------------------

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.999)]
    public void ATruncatedFile_IsRefused(double fraction)
    {
        var text = Text(Scenario());
        var cut = text.Substring(0, (int)(text.Length * fraction));

        var e = Assert.ThrowsAny<FormatException>(() => ClusterStateFile.Read(cut));

        Assert.True(e is StateFileException or YamlFormatException, e.GetType().Name);
        if (fraction < 0.99 && e is StateFileException refused)
        {
            Assert.Equal("counts", refused.Field);
            Assert.Contains("counts: the field is missing: the file ends early", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AFileCutAtALineEnd_InsideTheLastList_IsRefused()
    {
        // Cut just before "counts:" and the last stored object: still YAML, still every section.
        var text = Text(Scenario());
        var cut = text.Substring(0, text.LastIndexOf("\n- apiVersion: v1\n", StringComparison.Ordinal) + 1);

        var e = Refused(cut);

        Assert.Equal("counts", e.Field);
    }

    [Fact]
    public void AListShortenedByHand_DoesNotMatchItsCount()
    {
        var doc = Doc(Scenario());
        var events = (YamlSequence)Get(doc, "events");
        events.Items.RemoveAt(events.Items.Count - 1);

        var e = Refused(doc);

        Assert.Equal("counts.events", e.Field);
        Assert.Contains("but counts says", e.Message, StringComparison.Ordinal);
        Assert.True(e.Line > 0);
    }

    // ---- refusals: types and fields ---------------------------------------------------------

    [Theory]
    [InlineData("  seed: 1\n", "  seed: one\n", "cluster.seed", "expected an integer, found the string \"one\"")]
    [InlineData("  strictAffinity: false\n", "  strictAffinity: \"false\"\n", "ipamConfig.strictAffinity", "expected true or false, found the string \"false\"")]
    [InlineData("  strictAffinity: false\n", "  strictAffinity: no\n", "ipamConfig.strictAffinity", "expected true or false, found the boolean no")]
    [InlineData("  blockSize: 26\n", "  blockSize: 26.5\n", "pools[0].blockSize", "expected an integer, found the number or timestamp 26.5")]
    [InlineData("  blockSize: 26\n", "  blockSize: 12\n", "pools[0].blockSize", "12 is out of range (24 to 32)")]
    [InlineData("  ipipMode: Never\n", "  ipipMode: never\n", "pools[0].ipipMode", "\"never\" is not one of Never, Always, CrossSubnet")]
    [InlineData("  nodeSelector: all()\n", "  nodeSelector: all(\n", "pools[0].nodeSelector", "is not a selector Calico reads")]
    [InlineData("  cidr: 10.48.0.0/24\n", "  cidr: 10.48.0.1/24\n", "pools[0].cidr", "has host bits set")]
    [InlineData("  cidr: 10.48.0.0/24\n", "  cidr: 10.48.0.0\n", "pools[0].cidr", "is not a CIDR")]
    [InlineData("  randomState: ", "  randomState: -", "cluster.randomState", "expected an unsigned 64-bit integer")]
    [InlineData("  clock: \"2022-07-09T20:02:28.0000000+00:00\"", "  clock: \"2022-07-09 20:02:28\"", "cluster.clock", "is not a timestamp of the form")]
    [InlineData("  labels: {}\n  annotations: {}\n", "  labels: []\n  annotations: {}\n", "namespaces[0].labels", "expected a mapping, found a list")]
    [InlineData("  ips:\n  - ", "  ips:\n  - 999.", "pods[0].ips[0]", "is not an IP address")]
    [InlineData("  role: ControlPlane\n", "  role: Master\n", "nodes[0].role", "is not one of Worker, ControlPlane")]
    [InlineData("  maxBlocksPerHost: 0\n", "  maxBlocksPerHost: 5\n", "ipamConfig", "MaxBlocksPerHost requires StrictAffinity")]
    public void AFieldOfTheWrongTypeOrValue_IsRefused_NamingItAndItsPosition(string find, string replace, string field, string message)
    {
        var text = Text();
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, find);
        var line = text.Substring(0, at + 1).Count(c => c == '\n') + 1;

        var e = Refused(text.Substring(0, at) + replace + text.Substring(at + find.Length));

        Assert.Equal(field, e.Field);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains($"(line {e.Line}, column {e.Column})", e.Message, StringComparison.Ordinal);
        if (field != "ipamConfig" && !find.TrimEnd('\n').Contains('\n', StringComparison.Ordinal))
        {
            Assert.Equal(find.StartsWith('\n') ? line + 1 : line, e.Line);
        }
    }

    [Fact]
    public void AMissingField_IsRefusedNamingIt()
    {
        var doc = Doc();
        Remove(doc, "pods[2].containerId");

        var e = Refused(doc);

        Assert.Equal("pods[2].containerId", e.Field);
        Assert.Contains("the field is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownField_IsRefused()
    {
        var e = Refused(Text().Replace("  interface: eth0\n", "  interface: eth0\n  interfaces: eth1\n", StringComparison.Ordinal));

        Assert.Equal("nodes[0].interfaces", e.Field);
        Assert.Contains("unknown field", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyWrittenTwice_IsRefused()
    {
        var e = Refused(Text().Replace("  seed: 1\n", "  seed: 1\n  seed: 2\n", StringComparison.Ordinal));

        Assert.Equal("cluster.seed", e.Field);
        Assert.Contains("appears twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARandomStateOfZero_IsRefused()
    {
        var doc = Doc();
        Set(doc, "cluster.randomState", new YamlScalar("0"));

        Assert.Equal("cluster.randomState", Refused(doc).Field);
    }

    // ---- refusals: references ---------------------------------------------------------------

    [Fact]
    public void APodOnANodeThatIsNotInTheFile_IsRefused()
    {
        var doc = Doc();
        Set(doc, "pods[0].node", new YamlScalar("ip-10-0-0-99", quoted: true));

        var e = Refused(doc);

        Assert.Equal("pods[0].node", e.Field);
        Assert.Contains("node \"ip-10-0-0-99\" is not among the file's nodes", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pods[1].namespace", "nowhere", "namespace \"nowhere\" is not among the file's namespaces")]
    [InlineData("deployments[0].namespace", "nowhere", "namespace \"nowhere\" is not among the file's namespaces")]
    [InlineData("pods[1].replicaSet", "customer-0000000000", "is not among the deployments' replicaSets")]
    [InlineData("deployments[0].replicaSets[0].name", "nginx-1", "a ReplicaSet of deployment \"nginx\" with hash")]
    [InlineData("pods[1].status", "Pending", "a Pending pod is not on a node")]
    [InlineData("pods[1].containerId", "XYZ", "64 lower-case hexadecimal characters")]
    [InlineData("nodes[1].ipipTunnelAddress", "10.48.0.999", "is not an IP address")]
    public void ABrokenReference_IsRefused(string path, string value, string message)
    {
        var doc = Doc();
        Set(doc, path, new YamlScalar(value, quoted: true));

        var e = Refused(doc);

        Assert.Equal(path, e.Field);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APodListedTwice_IsRefused()
    {
        var doc = Doc();
        Set(doc, "pods[2].name", Get(doc, "pods[1].name"));

        var e = Refused(doc);

        Assert.Equal("pods[2].name", e.Field);
        Assert.Contains("appears twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSchedulerQueues_MustHoldExactlyThePodsWaiting_OnceEach()
    {
        var source = Scenario();
        var pending = source.GetPods().First(p => p.Status == PodStatus.Pending);
        var running = source.GetPods().First(p => p.Status == PodStatus.Running);

        var doc = Doc(source);
        ((YamlSequence)Get(doc, "scheduler.unscheduled")).Items.Add(new YamlScalar(pending.Namespace + "/" + pending.Name, quoted: true));
        Assert.Contains("appears twice in the queue", Refused(doc).Message, StringComparison.Ordinal);

        doc = Doc(source);
        ((YamlSequence)Get(doc, "scheduler.waiting")).Items.Add(new YamlScalar(running.Namespace + "/" + running.Name, quoted: true));
        Assert.Contains("is Running, and kubelet's queue of sandboxes waiting for an address holds only ContainerCreating pods", Refused(doc).Message, StringComparison.Ordinal);

        doc = Doc(source);
        ((YamlSequence)Get(doc, "scheduler.waiting")).Items.RemoveAt(0);
        var e = Refused(doc);
        Assert.Equal("scheduler.waiting", e.Field);
        Assert.Contains("is ContainerCreating but not in", e.Message, StringComparison.Ordinal);

        doc = Doc(source);
        ((YamlSequence)Get(doc, "scheduler.unscheduled")).Items.Add(new YamlScalar("default/ghost", quoted: true));
        Assert.Contains("\"default/ghost\" is not a pod of the file", Refused(doc).Message, StringComparison.Ordinal);
    }

    // ---- refusals: blocks and handles -------------------------------------------------------

    [Fact]
    public void ATamperedOrdinal_IsRefused()
    {
        var doc = Doc();
        Set(doc, "blocks[0].allocations[1].ordinal", new YamlScalar("5"));

        var e = Refused(doc);

        Assert.Equal("blocks[0].unallocated", e.Field);
        Assert.Contains("ordinal 5 is both free and allocated", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2-63,5", "ordinal 5 is free twice")]
    [InlineData("3-63", "ordinal 2 is neither free nor allocated")]
    [InlineData("2-64", "ordinal 64 is outside the block (0-63)")]
    [InlineData("63-2", "the run \"63-2\" does not ascend")]
    [InlineData("2-63,x", "\"x\" is not an ordinal")]
    [InlineData("1-63", "ordinal 1 is both free and allocated")]
    public void AFreeQueueThatDoesNotCoverTheBlockOnce_IsRefused(string unallocated, string message)
    {
        var doc = Doc();
        Set(doc, "blocks[0].unallocated", new YamlScalar(unallocated, quoted: true));

        var e = Refused(doc);

        Assert.Equal("blocks[0].unallocated", e.Field);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOrdinalAllocatedTwice_IsRefused()
    {
        var doc = Doc();
        Set(doc, "blocks[0].allocations[1].ordinal", new YamlScalar("0"));

        Assert.Contains("ordinal 0 is allocated twice", Refused(doc).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAllocationWithNoAttribute_IsRefused()
    {
        var doc = Doc();
        Set(doc, "blocks[0].allocations[1].attribute", new YamlScalar("7"));

        var e = Refused(doc);

        Assert.Equal("blocks[0].allocations[1].attribute", e.Field);
        Assert.Contains("points at attribute 7, but the block has 2 (an allocation with no attribute)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAttributeNoAllocationUses_AndTwoEqualAttributes_AreRefused()
    {
        var doc = Doc();
        Set(doc, "blocks[0].allocations[1].attribute", new YamlScalar("0"));
        var e = Refused(doc);
        Assert.Equal("blocks[0].attributes[1]", e.Field);
        Assert.Contains("no allocation uses this attribute", e.Message, StringComparison.Ordinal);

        doc = Doc();
        var attributes = (YamlSequence)Get(doc, "blocks[0].attributes");
        attributes.Items[1] = attributes.Items[0];
        e = Refused(doc);
        Assert.Equal("blocks[0].attributes[1]", e.Field);
        Assert.Contains("is the same as attribute 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAllocationsSequenceNumber_MustBeBelowItsBlocks()
    {
        var doc = Doc();
        var blockSequence = ((YamlScalar)Get(doc, "blocks[0].sequenceNumber")).Value;
        Set(doc, "blocks[0].allocations[0].sequenceNumber", new YamlScalar(blockSequence));

        var e = Refused(doc);

        Assert.Equal("blocks[0].allocations[0].sequenceNumber", e.Field);
        Assert.Contains("is not below the block's sequenceNumber", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHandleCountThatDoesNotMatchTheAllocations_IsRefused()
    {
        var doc = Doc();
        var blocks = (YamlMapping)Get(doc, "handles[0].blocks");
        blocks.Entries[0] = new KeyValuePair<string, YamlNode>(blocks.Entries[0].Key, new YamlScalar("2"));

        var e = Refused(doc);

        Assert.Equal("handles[0].blocks." + blocks.Entries[0].Key, e.Field);
        Assert.Contains($"the handle counts 2 address(es) in block {blocks.Entries[0].Key}, but the block's allocations hold 1 under it", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHandleMissingFromTheList_OrListedWithNothing_IsRefused()
    {
        var doc = Doc();
        var removed = (YamlMapping)Get(doc, "handles[0]");
        ((YamlSequence)Get(doc, "handles")).Items.RemoveAt(0);
        var e = Refused(doc);
        Assert.Equal("handles", e.Field);
        Assert.Contains($"handle \"{Get(removed, "handle")}\" holds addresses (in block {((YamlMapping)Get(removed, "blocks")).Entries[0].Key}) but is not listed",
            e.Message, StringComparison.Ordinal);

        doc = Doc();
        Set(doc, "handles[0].handle", new YamlScalar("k8s-pod-network.nothing", quoted: true));
        e = Refused(doc);
        Assert.Equal("handles[0].handle", e.Field);
        Assert.Contains("holds no address in any block", e.Message, StringComparison.Ordinal);

        doc = Doc();
        ((YamlMapping)Get(doc, "handles[0].blocks")).Entries.Clear();
        e = Refused(doc);
        Assert.Equal("handles[0].blocks", e.Field);
        Assert.Contains("which the handle does not count", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAffineBlockOutsideEveryPool_OrAnEmptyOrphanedBlock_OrOverlappingBlocks_AreRefused()
    {
        var doc = Doc();
        var outside = "10.99.0.0/" + ((YamlScalar)Get(doc, "blocks[3].cidr")).Value.Split('/')[1];
        Set(doc, "blocks[3].cidr", new YamlScalar(outside, quoted: true));
        var e = Refused(doc);
        Assert.Equal("blocks[3].cidr", e.Field);
        Assert.Contains($"block {outside} is affine to", e.Message, StringComparison.Ordinal);
        Assert.Contains("but lies in no pool", e.Message, StringComparison.Ordinal);

        doc = Doc(WithEmptyBlock());
        Set(doc, "blocks[0].affinity", new YamlScalar("null"));
        Set(doc, "blocks[0].affinityClaimTime", new YamlScalar("null"));
        e = Refused(doc);
        Assert.Equal("blocks[0].affinity", e.Field);
        Assert.Contains("an orphaned block (affinity null) holds addresses", e.Message, StringComparison.Ordinal);

        doc = Doc();
        Set(doc, "blocks[1].affinityClaimTime", new YamlScalar("null"));
        Assert.Contains("a block with an affinity has the time it was claimed", Refused(doc).Message, StringComparison.Ordinal);

        doc = Doc();
        Set(doc, "blocks[1].cidr", new YamlScalar("10.48.0.0/27", quoted: true));
        Set(doc, "blocks[1].unallocated", new YamlScalar("1-31", quoted: true));
        e = Refused(doc);
        Assert.Contains("overlaps block", e.Message, StringComparison.Ordinal);
    }

    // ---- refusals leave nothing changed ---------------------------------------------------

    [Fact]
    public void ARefusedFile_ChangesNoCluster()
    {
        var current = Scenario();
        var before = Dump(current);
        var text = ClusterStateFile.Write(current);

        Assert.ThrowsAny<FormatException>(() => ClusterStateFile.Read(text.Substring(0, text.Length / 2)));
        Assert.ThrowsAny<FormatException>(() => ClusterStateFile.Read(text.Replace("unallocated: ", "unallocated: 0,", StringComparison.Ordinal)));

        Assert.Equal(before, Dump(current));
        Assert.Equal(text, ClusterStateFile.Write(current));
    }

    // ---- the scenario -------------------------------------------------------------------------

    /// <summary>
    /// The lab cluster after a busy afternoon: pool2 and the lab's annotations (rollouts), a tiny
    /// pool the nodes must borrow from, reservations, scaling, restarts, pod deletions, a
    /// pool deleted under running pods (orphaned blocks), a calicoctl release of a pod's
    /// address, a pod no node can take and sandboxes waiting for an address.
    /// </summary>
    private static Cluster Scenario()
    {
        var c = LabCluster.Create();
        c.Pool("pool2-ipv4-ippool", "10.48.128.0/24", 26, ipipMode: "Never", natOutgoing: true);
        c.AnnotateTemplate("database", Ipv4Pools, "[\"pool2-ipv4-ippool\"]", "yaobank");
        c.AnnotateTemplate("summary", Ipv4Pools, "[\"pool2-ipv4-ippool\"]", "yaobank");
        c.DeletePod("yaobank", c.PodsOf("customer", "yaobank")[0].Name);
        c.CreateReservation("keep", new[] { "10.48.128.70", "10.48.128.72/31" });
        c.Pool("tiny", "10.60.0.0/27", 29);
        c.CreateNamespace("borrow", annotations: Map((Ipv4Pools, "[\"tiny\"]")));
        c.Deploy("filler", 30, "borrow");
        c.Scale("filler", 24, "borrow");
        c.RestartDeployment("yaobank", "customer");
        c.Pool("old", "10.70.0.0/24", 28);
        c.CreateNamespace("legacy", annotations: Map((Ipv4Pools, "[\"old\"]")));
        c.Deploy("relic", 4, "legacy");
        c.DeletePool("old");
        c.Node("ip-10-0-0-13", ("zone", "b"));
        c.Deploy("web", 9, "default", annotations: Map((Ipv4Pools, "[\"pool2-ipv4-ippool\"]")));
        foreach (var i in new[] { 3, 0, 5 })
        {
            c.DeletePod("default", c.PodsOf("web")[i].Name);
        }
        c.Scale("web", 12);
        c.DeletePod("borrow", c.PodsOf("filler", "borrow")[7].Name);
        c.Deploy("overflow", 12, "borrow");
        c.BarePod("lonely", nodeSelector: Map(("zone", "nowhere")));
        c.ReleaseIp(IpAddress.Parse(c.PodsOf("web")[2].IP));
        c.SetNodeLabels("ip-10-0-0-12", new Dictionary<string, string?> { ["zone"] = "a" });
        c.SplitPool("external-pool", 2);
        c.CreateDeployment(new DeploymentSpec
        {
            Namespace = "default",
            Name = "pinned",
            Replicas = 3,
            Template = Template("pinned", nodeSelector: Map(("zone", "a"))),
        });
        return c;
    }

    /// <summary>What happens next: the same calls on the original and on the restored cluster.</summary>
    private static void Continue(Cluster c)
    {
        c.CreateNode("ip-10-0-0-20", Cidr.Parse("10.0.0.20/24"), new[] { new KeyValuePair<string, string>("zone", "nowhere") });
        foreach (var i in new[] { 1, 4, 9, 2 })
        {
            c.DeletePod("borrow", c.PodsOf("filler", "borrow")[i].Name);
        }
        c.Scale("filler", 20, "borrow");
        c.Scale("overflow", 6, "borrow");
        c.RestartDeployment("default", "web");
        c.RemoveNode("ip-10-0-0-11");
        c.Deploy("late", 6, "default");
        c.CreateReservation("more", new[] { "10.48.0.70/31" });
        c.SetIpamConfig(new IpamConfig { StrictAffinity = true });
        c.Deploy("strict", 5, "borrow");
        c.RemoveNamespace("legacy");
        c.DeleteReservation("keep");
        c.Scale("web", 15);
        c.UpdatePool("tiny", s => s with { Disabled = true });
        c.DeleteDeployment("borrow", "overflow");
        c.Node("ip-10-0-0-21");
        c.Scale("late", 10);
        c.BarePod("solo", "ip-10-0-0-21");
        c.DeletePod("default", "lonely");
    }

    private static void Continue2(Cluster c)
    {
        c.SetIpamConfig(new IpamConfig());
        c.UpdatePool("tiny", s => s with { Disabled = false });
        c.Scale("strict", 9, "borrow");
        c.RemoveNode("ip-10-0-0-12");
        c.RestartDeployment("borrow", "filler");
        c.Pool("v6", "fd00:10::/120", 124);
        c.Deploy("dual", 4, "default");
    }

    private static Cluster WithEmptyBlock()
    {
        var c = WithPool("10.9.0.0/24", 26);
        c.Node("n1");
        c.BarePod("p1", "n1");
        c.DeletePod("default", "p1");
        return c;
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static string Text(Cluster? cluster = null) => ClusterStateFile.Write(cluster ?? LabCluster.Create());

    private static YamlMapping Doc(Cluster? cluster = null) =>
        (YamlMapping)YamlCodec.Current.Parse(Text(cluster), ClusterStateFile.Limits)[0];

    private static StateFileException Refused(string text) => Assert.Throws<StateFileException>(() => ClusterStateFile.Read(text));

    private static StateFileException Refused(YamlNode document) => Assert.Throws<StateFileException>(() => Cluster.ImportState(document));

    /// <summary>The node at a path such as pods[2].node.</summary>
    private static YamlNode Get(YamlNode root, string path)
    {
        var node = root;
        foreach (var step in Steps(path))
        {
            node = step.Index is { } i ? ((YamlSequence)((YamlMapping)node)[step.Key]!).Items[i] : ((YamlMapping)node)[step.Key]!;
        }
        return node;
    }

    private static void Set(YamlNode root, string path, YamlNode value)
    {
        var (parent, key, index) = Parent(root, path);
        if (index is { } i)
        {
            ((YamlSequence)parent[key]!).Items[i] = value;
            return;
        }
        var at = parent.Entries.FindIndex(e => e.Key == key);
        parent.Entries[at] = new KeyValuePair<string, YamlNode>(key, value);
    }

    private static void Remove(YamlNode root, string path)
    {
        var (parent, key, _) = Parent(root, path);
        parent.Entries.RemoveAll(e => e.Key == key);
    }

    private static (YamlMapping Parent, string Key, int? Index) Parent(YamlNode root, string path)
    {
        var dot = path.LastIndexOf('.');
        var parent = (YamlMapping)(dot < 0 ? root : Get(root, path.Substring(0, dot)));
        var last = Steps(path.Substring(dot + 1)).Single();
        return (parent, last.Key, last.Index);
    }

    private static IEnumerable<(string Key, int? Index)> Steps(string path) =>
        path.Split('.').Select(step =>
        {
            var bracket = step.IndexOf('[');
            return bracket < 0
                ? (step, (int?)null)
                : (step.Substring(0, bracket), int.Parse(step.Substring(bracket + 1, step.Length - bracket - 2), CultureInfo.InvariantCulture));
        });

    /// <summary>Every view of a cluster as text: every public property of every object the
    /// engine returns (but the Cluster each points at), the routes of every node, Test-Ipam.</summary>
    private static string Dump(Cluster c)
    {
        var text = new StringBuilder();
        text.Append(c.Name).Append(" seed ").Append(c.Seed).Append(" now ").Append(c.Now.ToString("o", CultureInfo.InvariantCulture)).Append('\n');
        void Section(string title, IEnumerable<object> items)
        {
            text.Append("## ").Append(title).Append('\n');
            foreach (var item in items)
            {
                text.Append(Props(item)).Append('\n');
            }
        }
        Section("pools", c.GetPools());
        Section("reservations", c.GetReservations());
        Section("config", new object[] { c.GetIpamConfig() });
        Section("nodes", c.GetNodes());
        Section("namespaces", c.GetNamespaces());
        Section("deployments", c.GetDeployments());
        Section("replicasets", c.GetReplicaSets());
        Section("pods", c.GetPods());
        Section("blocks", c.GetBlocks());
        Section("affinities", c.GetBlockAffinities());
        Section("allocations", c.GetAllocations());
        Section("utilization", c.GetUtilization(showBlocks: true));
        Section("check", new object[] { c.CheckIpam() });
        Section("events", c.GetEvents());
        Section("stored", c.GetStoredObjects());
        foreach (var node in c.GetNodes())
        {
            Section("routes " + node.Name, c.GetNodeRoutes(node.Name).Select(r => (object)r.ToString()));
        }
        return text.ToString();
    }

    private static string Props(object item) => item is string s
        ? s
        : string.Join(" ", item.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != "Cluster" && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + Format(p.GetValue(item))));

    private static string Format(object? value) => value switch
    {
        null => "<null>",
        string s => "\"" + s + "\"",
        DateTimeOffset t => t.ToString("o", CultureInfo.InvariantCulture),
        YamlNode node => YamlCodec.Current.Emit(node),
        IEnumerable<KeyValuePair<string, string>> map => "{" + string.Join(",", map.Select(p => p.Key + "=" + p.Value)) + "}",
        IEnumerable list => "[" + string.Join(",", list.Cast<object?>().Select(Format)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

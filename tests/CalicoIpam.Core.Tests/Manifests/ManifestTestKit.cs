using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Manifests;

namespace CalicoIpam.Core.Tests.Manifests;

/// <summary>
/// kubectl apply -f / delete -f as Import-Manifest and Remove-Manifest run them: every document
/// on its own, a failure recorded (and the rest still applied), plus the texts the issue's
/// scenarios use and a snapshot of everything a cluster holds, to prove a refused document
/// changed nothing.
/// </summary>
internal static class ManifestTestKit
{
    /// <summary>The seed's `kubectl apply -f -&lt;&lt;EOF ... EOF` block, verbatim (lab 2.3).</summary>
    public const string SeedPool2Heredoc =
        "apiVersion: projectcalico.org/v3\n"
        + "kind: IPPool\n"
        + "metadata:\n"
        + "  name: pool2-ipv4-ippool\n"
        + "spec:\n"
        + "  blockSize: 26\n"
        + "  cidr: 10.48.128.0/24\n"
        + "  ipipMode: Never\n"
        + "  natOutgoing: true\n"
        + "  nodeSelector: all()\n";

    /// <summary>The two pools of the seed's `calicoctl get ippools` listing (10.48.0.0/17 and
    /// 10.48.128.0/17), written as 2.3-ippools.yaml writes its pools.</summary>
    public const string SeedSlash17Pools =
        "apiVersion: projectcalico.org/v3\n"
        + "kind: IPPool\n"
        + "metadata:\n"
        + "  name: pool1-ipv4-ippool\n"
        + "spec:\n"
        + "  blockSize: 26\n"
        + "  cidr: 10.48.0.0/17\n"
        + "  ipipMode: Never\n"
        + "  natOutgoing: true\n"
        + "  nodeSelector: all()\n"
        + "---\n"
        + "apiVersion: projectcalico.org/v3\n"
        + "kind: IPPool\n"
        + "metadata:\n"
        + "  name: pool2-ipv4-ippool\n"
        + "spec:\n"
        + "  blockSize: 26\n"
        + "  cidr: 10.48.128.0/17\n"
        + "  ipipMode: Never\n"
        + "  natOutgoing: true\n"
        + "  nodeSelector: all()\n";

    /// <summary>
    /// 2.3-yaobank-ipam.yaml as lab-and-simulators.md §1.7 describes it: lab 1's namespace,
    /// Services and ServiceAccounts (the Namespace document with apiVersion twice), and
    /// extensions/v1beta1 Deployments without spec.selector, annotated with pool2 (database,
    /// summary) and pool1 (customer).
    /// </summary>
    public static string YaobankIpamExtensionsV1Beta1()
    {
        var lab = LabCluster.Manifest("03-yaobank.yaml");
        var documents = lab.Split("\n---\n");
        var text = new StringBuilder();
        foreach (var document in documents)
        {
            if (document.Contains("kind: Deployment", StringComparison.Ordinal))
            {
                continue;
            }
            var doc = document.Contains("kind: Namespace", StringComparison.Ordinal)
                ? document.Replace("apiVersion: v1\nkind: Namespace", "apiVersion: v1\napiVersion: v1\nkind: Namespace", StringComparison.Ordinal)
                : document;
            text.Append(doc.TrimEnd('\n')).Append("\n---\n");
            if (doc.Contains("kind: ServiceAccount", StringComparison.Ordinal))
            {
                var name = doc.Split('\n').First(l => l.StartsWith("  name: ", StringComparison.Ordinal)).Substring(8);
                var pool = name == "customer" ? "pool1-ipv4-ippool" : "pool2-ipv4-ippool";
                var image = name == "customer" ? "v1k0d3n/yaobank-customer:latest" : $"spikecurtis/yaobank-{name}:latest";
                var replicas = name == "summary" ? 2 : 1;
                text.Append("apiVersion: extensions/v1beta1\n")
                    .Append("kind: Deployment\n")
                    .Append("metadata:\n")
                    .Append($"  name: {name}\n")
                    .Append("  namespace: yaobank\n")
                    .Append("spec:\n")
                    .Append($"  replicas: {replicas}\n")
                    .Append("  template:\n")
                    .Append("    metadata:\n")
                    .Append("      annotations:\n")
                    .Append($"        \"cni.projectcalico.org/ipv4pools\": \"[\\\"{pool}\\\"]\"\n")
                    .Append("      labels:\n")
                    .Append($"        app: {name}\n")
                    .Append("        version: v1\n")
                    .Append("    spec:\n")
                    .Append($"      serviceAccountName: {name}\n")
                    .Append("      containers:\n")
                    .Append($"      - name: {name}\n")
                    .Append($"        image: {image}\n")
                    .Append("---\n");
            }
        }
        return text.ToString();
    }

    /// <summary>A cluster with the lab's three nodes and default pool, applied from the shipped
    /// manifests, and nothing else (no yaobank, no external pool).</summary>
    public static Cluster LabNodesAndPool()
    {
        var cluster = LabCluster.CreateEmpty();
        Apply(cluster, LabCluster.Manifest("01-nodes.yaml"), "01-nodes.yaml").AssertNoErrors();
        Apply(cluster, LabCluster.Manifest("02-default-pool.yaml"), "02-default-pool.yaml").AssertNoErrors();
        return cluster;
    }

    /// <summary>Applies every document of <paramref name="yaml"/>, each on its own.</summary>
    public static Outcome Apply(Cluster cluster, string yaml, string source = "STDIN") =>
        Collect(cluster.ApplyManifests(ManifestReader.Read(yaml, source)));

    /// <summary>Deletes the object of every document of <paramref name="yaml"/>, each on its own
    /// (namespaces last, as kubectl delete -f issues them before a namespace terminates).</summary>
    public static Outcome Delete(Cluster cluster, string yaml, string source = "STDIN") =>
        Collect(cluster.DeleteManifests(ManifestReader.Read(yaml, source)));

    private static Outcome Collect(IReadOnlyList<ManifestOutcome> outcomes)
    {
        var outcome = new Outcome();
        foreach (var o in outcomes)
        {
            if (o.Result is not null)
            {
                outcome.Results.Add(o.Result);
            }
            else
            {
                outcome.Errors.Add((o.Document, o.Error!));
            }
        }
        return outcome;
    }

    /// <summary>Everything the cluster holds, as text: equal snapshots mean nothing changed.
    /// Without <paramref name="withClock"/> the simulated clock is left out (see
    /// ManifestKindsTests.UnchangedApply_DoesNotMoveTheClock for the clock itself).</summary>
    public static string Snapshot(Cluster cluster, bool withClock = true)
    {
        var objects = new List<object>();
        objects.AddRange(cluster.GetPools());
        objects.AddRange(cluster.GetReservations());
        objects.Add(cluster.GetIpamConfig());
        objects.AddRange(cluster.GetNodes());
        objects.AddRange(cluster.GetNamespaces());
        objects.AddRange(cluster.GetDeployments());
        objects.AddRange(cluster.GetPods());
        objects.AddRange(cluster.GetBlocks());
        objects.AddRange(cluster.GetBlockAffinities());
        objects.AddRange(cluster.GetStoredObjects());
        var text = new StringBuilder();
        foreach (var value in objects)
        {
            text.Append(YamlCodec.Current.Emit(ManifestWriter.ToYaml(value))).Append("---\n");
        }
        text.Append("replicasets: ").Append(string.Join(",", cluster.GetReplicaSets().Select(r => r.Name + "=" + r.Replicas))).Append('\n');
        text.Append("events: ").Append(cluster.GetEvents().Count).Append('\n');
        if (withClock)
        {
            text.Append("now: ").Append(cluster.Now.ToString("O", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }
        return text.ToString();
    }

    public sealed class Outcome
    {
        public List<ManifestResult> Results { get; } = new();

        public List<(ManifestDocument Document, Exception Error)> Errors { get; } = new();

        /// <summary>kubectl's lines, in document order.</summary>
        public string[] Lines => Results.Select(r => r.ToString()).ToArray();

        public Outcome AssertNoErrors()
        {
            Assert.True(Errors.Count == 0, string.Join("\n", Errors.Select(e => $"{e.Document.Kind}/{e.Document.Name}: {e.Error.Message}")));
            return this;
        }
    }
}

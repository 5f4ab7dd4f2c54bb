using System;
using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Cni;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Tests.Clusters;

/// <summary>
/// Helpers for the workload tests (deployments, scheduler, events, nodes, the lab): clusters,
/// pools, nodes and deployments in one line, and the consistency check every step must pass —
/// calicoctl ipam check clean, and every pod's addresses held by exactly its own handle.
/// </summary>
internal static class WorkloadTestKit
{
    public const string Ipv4Pools = CniNames.Ipv4PoolsAnnotation;
    public const string Ipv6Pools = CniNames.Ipv6PoolsAnnotation;
    public const string IpAddrs = CniNames.IpAddrsAnnotation;

    /// <summary>The 27 characters of k8s.io/apimachinery/pkg/util/rand (no vowels, no 0, 1, 3).</summary>
    public const string Alphanums = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>SafeEncodeString of a decimal number only ever yields these (digit d → alphanums[('0'+d) % 27]).</summary>
    public const string HashAlphabet = "456789bcdf";

    /// <summary>An empty cluster (namespaces default and kube-system) with one pool.</summary>
    public static Cluster WithPool(string cidr = "10.244.0.0/16", int blockSize = 26, int seed = 1, string name = "pool")
    {
        var cluster = LabCluster.CreateEmpty(seed);
        cluster.CreatePool(name, new IpPoolSpec { Cidr = cidr, BlockSize = blockSize });
        return cluster;
    }

    public static IpPool Pool(this Cluster cluster, string name, string cidr, int blockSize = 26, string nodeSelector = "",
        string ipipMode = "", string vxlanMode = "", bool natOutgoing = false) =>
        cluster.CreatePool(name, new IpPoolSpec
        {
            Cidr = cidr,
            BlockSize = blockSize,
            NodeSelector = nodeSelector,
            IpipMode = ipipMode,
            VxlanMode = vxlanMode,
            NatOutgoing = natOutgoing,
        });

    /// <summary>A node on 10.0.0.0/24 (address .11, .12, ... in creation order).</summary>
    public static Node Node(this Cluster cluster, string name, params (string Key, string Value)[] labels) =>
        cluster.CreateNode(name, Cidr.Parse($"10.0.0.{11 + cluster.NodeCount}/24"),
            labels.Select(l => new KeyValuePair<string, string>(l.Key, l.Value)));

    public static Dictionary<string, string> Map(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public static PodTemplate Template(string app, IReadOnlyDictionary<string, string>? annotations = null,
        IReadOnlyDictionary<string, string>? nodeSelector = null, string image = "nginx") => new()
    {
        Labels = Labels.Copy(Map(("app", app))),
        Annotations = Labels.Copy(annotations ?? Labels.Empty),
        NodeSelector = Labels.Copy(nodeSelector ?? Labels.Empty),
        Containers = new[] { new Container(app, image) },
    };

    /// <summary>kubectl create deployment &lt;name&gt; --replicas=N (selector and labels app=&lt;name&gt;).</summary>
    public static Deployment Deploy(this Cluster cluster, string name, int replicas, string ns = "default",
        IReadOnlyDictionary<string, string>? annotations = null, IReadOnlyDictionary<string, string>? nodeSelector = null) =>
        cluster.CreateDeployment(new DeploymentSpec
        {
            Namespace = ns,
            Name = name,
            Replicas = replicas,
            Template = Template(name, annotations, nodeSelector),
        });

    public static Deployment Scale(this Cluster cluster, string name, int replicas, string ns = "default") =>
        cluster.UpdateDeployment(ns, name, d => d with { Replicas = replicas });

    /// <summary>kubectl annotate/patch of the pod template: sets (or, with null, removes) one annotation.</summary>
    public static Deployment AnnotateTemplate(this Cluster cluster, string name, string key, string? value, string ns = "default") =>
        cluster.UpdateDeployment(ns, name, d => d with
        {
            Template = d.Template with
            {
                Annotations = Labels.WithChanges(d.Template.Annotations, new Dictionary<string, string?> { [key] = value }),
            },
        });

    public static IReadOnlyList<Pod> PodsOf(this Cluster cluster, string deployment, string ns = "default") =>
        cluster.GetPods(ns).Where(p => p.Labels.TryGetValue("app", out var app) && app == deployment).ToList();

    public static Pod Pod(this Cluster cluster, string name, string ns = "default") =>
        cluster.FindPod(ns, name) ?? throw new InvalidOperationException($"no pod {ns}/{name}");

    public static Pod BarePod(this Cluster cluster, string name, string node = "", string ns = "default",
        IReadOnlyDictionary<string, string>? annotations = null, IReadOnlyDictionary<string, string>? nodeSelector = null) =>
        cluster.CreatePod(new PodSpec
        {
            Namespace = ns,
            Name = name,
            Node = node,
            Annotations = annotations ?? Labels.Empty,
            NodeSelector = nodeSelector ?? Labels.Empty,
        });

    public static IReadOnlyList<ClusterEvent> Events(this Cluster cluster, string reason) =>
        cluster.GetEvents().Where(e => e.Reason == reason).ToList();

    public static bool InCidr(string ip, string cidr) => ip.Length > 0 && Cidr.Parse(cidr).Contains(IpAddress.Parse(ip));

    /// <summary>
    /// The cluster is consistent: calicoctl ipam check finds nothing, and each pod with an
    /// address holds it under its own handle with its own name, namespace and node, while pods
    /// without one hold nothing.
    /// </summary>
    public static void AssertClean(this Cluster cluster)
    {
        var report = cluster.CheckIpam();
        Assert.True(report.ProblemCount == 0,
            "Test-Ipam found problems: " + string.Join("; ", report.Problems.Select(p => p.ToString())));
        var allocations = cluster.GetAllocations();
        var podHandles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in cluster.GetPods())
        {
            var held = allocations.Where(a => a.Handle.Length > 0 && a.Handle == pod.Handle).ToList();
            if (pod.Status == PodStatus.Running)
            {
                Assert.NotEmpty(pod.IPs);
                Assert.Equal(pod.IPs.OrderBy(i => i.ToString()).Select(i => i.ToString()),
                    held.Select(a => a.Ip.ToString()).OrderBy(i => i));
                Assert.All(held, a =>
                {
                    Assert.Equal(pod.Name, a.Pod);
                    Assert.Equal(pod.Namespace, a.Namespace);
                    Assert.Equal(pod.Node, a.Node);
                });
                podHandles.Add(pod.Handle);
            }
            else
            {
                Assert.Empty(pod.IPs);
                Assert.Empty(held);
            }
        }
        // Every other allocation is a node's tunnel address.
        Assert.All(allocations.Where(a => !podHandles.Contains(a.Handle)), a =>
            Assert.True(a.Handle.StartsWith("ipip-tunnel-addr-", StringComparison.Ordinal)
                || a.Handle.StartsWith("vxlan-tunnel-addr-", StringComparison.Ordinal),
                $"{a.Ip} is held by {a.Handle}, which is neither a pod's nor a tunnel's"));
    }
}

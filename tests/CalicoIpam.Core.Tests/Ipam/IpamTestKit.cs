using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Cni;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Tests.Ipam;

/// <summary>
/// Small helpers for the IPAM rule tests: a cluster with the "default" namespace, pools and
/// nodes in one line, pods with the Calico CNI annotations, and the engine's internal state.
/// </summary>
internal static class IpamTestKit
{
    public const string Ipv4Pools = CniNames.Ipv4PoolsAnnotation;
    public const string IpAddrs = CniNames.IpAddrsAnnotation;

    private static readonly FieldInfo IpamField =
        typeof(Cluster).GetField("_ipam", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("Cluster._ipam not found");

    /// <summary>An empty cluster with the "default" namespace.</summary>
    public static Cluster NewCluster()
    {
        var cluster = LabCluster.CreateEmpty();
        if (cluster.FindNamespace("default") is null)
        {
            cluster.CreateNamespace("default");
        }
        return cluster;
    }

    public static IpPool Pool(this Cluster cluster, string name, string cidr, int blockSize,
        string nodeSelector = "", bool disabled = false, string? assignmentMode = null,
        string[]? allowedUses = null, string ipipMode = "", string vxlanMode = "") =>
        cluster.CreatePool(name, new IpPoolSpec
        {
            Cidr = cidr,
            BlockSize = blockSize,
            NodeSelector = nodeSelector,
            Disabled = disabled,
            AssignmentMode = assignmentMode,
            AllowedUses = allowedUses ?? Array.Empty<string>(),
            IpipMode = ipipMode,
            VxlanMode = vxlanMode,
        });

    public static Node Node(this Cluster cluster, string name, params (string Key, string Value)[] labels) =>
        cluster.CreateNode(name, Cidr.Parse($"192.168.1.{10 + cluster.NodeCount}/24"),
            labels.Select(l => new KeyValuePair<string, string>(l.Key, l.Value)));

    public static Pod Run(this Cluster cluster, string name, string node, string ns = "default",
        params (string Key, string Value)[] annotations) =>
        cluster.CreatePod(new PodSpec
        {
            Namespace = ns,
            Name = name,
            Node = node,
            Annotations = annotations.ToDictionary(a => a.Key, a => a.Value),
        });

    /// <summary>A pod whose ipv4pools annotation is <paramref name="poolsJson"/>.</summary>
    public static Pod RunInPools(this Cluster cluster, string name, string node, string poolsJson) =>
        cluster.Run(name, node, "default", (Ipv4Pools, poolsJson));

    /// <summary>A pod whose ipAddrs annotation is <paramref name="ipAddrsJson"/>.</summary>
    public static Pod RunWithIps(this Cluster cluster, string name, string node, string ipAddrsJson) =>
        cluster.Run(name, node, "default", (IpAddrs, ipAddrsJson));

    public static Pod Pod(this Cluster cluster, string name, string ns = "default") =>
        cluster.FindPod(ns, name) ?? throw new InvalidOperationException($"no pod {ns}/{name}");

    public static IpamBlock Block(this Cluster cluster, string cidr) =>
        cluster.GetBlocks().Single(b => b.Cidr.ToString() == cidr);

    public static IpamBlock? FindBlock(this Cluster cluster, string cidr) =>
        cluster.GetBlocks().SingleOrDefault(b => b.Cidr.ToString() == cidr);

    public static IpAllocation? Allocation(this Cluster cluster, string ip) => cluster.FindAllocation(IpAddress.Parse(ip));

    /// <summary>The engine's state behind the cluster (handles are not in the public API).</summary>
    public static IpamState State(this Cluster cluster) => (IpamState)IpamField.GetValue(cluster)!;

    /// <summary>The handle's per-block counts, keyed by block CIDR text; null when the handle does not exist.</summary>
    public static Dictionary<string, int>? Handle(this Cluster cluster, string handle) =>
        cluster.State().FindHandle(handle)?.ToDictionary(p => p.Key.ToString(), p => p.Value);

    public static void AssertRunning(Pod pod, string ip)
    {
        Assert.True(pod.Status == PodStatus.Running, $"{pod.Name}: {pod.Status} {pod.Message}");
        Assert.Equal(ip, pod.IP);
    }

    public static void AssertFailed(Pod pod, string message)
    {
        Assert.Equal(PodStatus.ContainerCreating, pod.Status);
        Assert.Empty(pod.IPs);
        Assert.Equal(message, pod.Message);
    }

    /// <summary>The engine's own consistency checks plus calicoctl ipam check's findings: none.</summary>
    public static void AssertClean(Cluster cluster)
    {
        var report = cluster.CheckIpam();
        Assert.True(report.ProblemCount == 0, string.Join("\n", report.Problems));
    }
}

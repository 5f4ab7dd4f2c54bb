using System;
using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Cni;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Tests.Dataplane;

/// <summary>Clusters for the route tests: the seed lab's, and small ones per encapsulation.</summary>
internal static class RouteTestKit
{
    public const string Pool1 = "pool1-ipv4-ippool";
    public const string Pool2 = "pool2-ipv4-ippool";

    /// <summary>
    /// The cluster the seed's <c>ip route</c> was taken on (lab 2.3, lab-and-simulators.md §1.8):
    /// three nodes on 10.0.0.0/24, pools 10.48.0.0/17 and 10.48.128.0/17 (blockSize 26,
    /// natOutgoing), and the yaobank pods placed as the seed's <c>kubectl get pod -o wide</c> shows.
    /// </summary>
    public static Cluster SeedLab()
    {
        var cluster = LabCluster.CreateEmpty();
        cluster.CreateNode("ip-10-0-0-10", Cidr.Parse("10.0.0.10/24"), role: NodeRole.ControlPlane);
        cluster.CreateNode("ip-10-0-0-11", Cidr.Parse("10.0.0.11/24"));
        cluster.CreateNode("ip-10-0-0-12", Cidr.Parse("10.0.0.12/24"));
        cluster.CreatePool(Pool1, new IpPoolSpec { Cidr = "10.48.0.0/17", BlockSize = 26, NatOutgoing = true });
        cluster.CreatePool(Pool2, new IpPoolSpec { Cidr = "10.48.128.0/17", BlockSize = 26, NatOutgoing = true });
        cluster.CreateNamespace("yaobank");
        cluster.RunIn("yaobank", "customer-84c7855fd4-55r26", "ip-10-0-0-11", Pool1);
        cluster.RunIn("yaobank", "database-56fb9496bb-mdch5", "ip-10-0-0-12", Pool2);
        cluster.RunIn("yaobank", "summary-7f89fbcc7c-tsqjz", "ip-10-0-0-12", Pool2);
        cluster.RunIn("yaobank", "summary-7f89fbcc7c-vl9px", "ip-10-0-0-10", Pool2);
        return cluster;
    }

    /// <summary>An empty cluster with one pool of the given modes and the "default" namespace.</summary>
    public static Cluster WithPool(string cidr = "10.244.0.0/16", int blockSize = 26, string ipip = "Never", string vxlan = "Never",
        string nodeSelector = "all()", bool disableBgpExport = false)
    {
        var cluster = LabCluster.CreateEmpty();
        if (cluster.FindNamespace("default") is null)
        {
            cluster.CreateNamespace("default");
        }
        cluster.CreatePool("pool", new IpPoolSpec
        {
            Cidr = cidr,
            BlockSize = blockSize,
            IpipMode = ipip,
            VxlanMode = vxlan,
            NatOutgoing = true,
            NodeSelector = nodeSelector,
            DisableBgpExport = disableBgpExport,
        });
        return cluster;
    }

    public static Node AddNode(this Cluster cluster, string name, string address, params (string Key, string Value)[] labels) =>
        cluster.CreateNode(name, Cidr.Parse(address), labels.Select(l => new KeyValuePair<string, string>(l.Key, l.Value)));

    public static Pod Run(this Cluster cluster, string name, string node, string ns = "default") =>
        cluster.CreatePod(new PodSpec { Namespace = ns, Name = name, Node = node });

    public static Pod RunIn(this Cluster cluster, string ns, string name, string node, string pool) =>
        cluster.CreatePod(new PodSpec
        {
            Namespace = ns,
            Name = name,
            Node = node,
            Annotations = new Dictionary<string, string> { [CniNames.Ipv4PoolsAnnotation] = $"[\"{pool}\"]" },
        });

    /// <summary>The node's <c>ip route</c> output, line by line.</summary>
    public static string[] Lines(this Cluster cluster, string node) =>
        cluster.GetNodeRoutes(node).Select(r => r.ToString()).ToArray();

    /// <summary>The lines that concern pods (everything but the host's default and connected routes).</summary>
    public static string[] CalicoLines(this Cluster cluster, string node) =>
        cluster.GetNodeRoutes(node).Where(r => r.Network.PrefixLength != 0 && r.Protocol != "kernel").Select(r => r.ToString()).ToArray();

    public static string Block(this Cluster cluster, string node) =>
        cluster.GetBlocks().Single(b => b.Affinity == node).Cidr.ToString();

    public static Node NodeNamed(this Cluster cluster, string name) =>
        cluster.FindNode(name) ?? throw new InvalidOperationException("no node " + name);
}

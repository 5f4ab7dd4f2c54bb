using System;
using System.Collections.Generic;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Clusters;

/// <summary>
/// The cluster of the Calico IPAM lab as it stands at the start of lab 2.3 (DESIGN §3):
/// three nodes, the default pool the installer made and the external pool of lab 2.2.
/// </summary>
public static class LabCluster
{
    public const string Name = "calico-ipam-lab";
    public const int DefaultSeed = 1;

    private static readonly DateTimeOffset ExternalPoolCreated = new(2022, 7, 9, 20, 2, 25, TimeSpan.Zero);

    public static Cluster Create(int seed = DefaultSeed)
    {
        // The clock starts so that the installer's pool is stamped as in the lab's listing
        // (2022-07-09T17:44:37Z), and external-pool at the time lab 2.2 created it.
        var cluster = new Cluster(Name, seed, SimulatedClock.Epoch - TimeSpan.FromSeconds(4));
        cluster.CreateNode("ip-10-0-0-10", Cidr.Parse("10.0.0.10/24"), role: NodeRole.ControlPlane);
        cluster.CreateNode("ip-10-0-0-11", Cidr.Parse("10.0.0.11/24"));
        cluster.CreateNode("ip-10-0-0-12", Cidr.Parse("10.0.0.12/24"));
        cluster.CreatePool("default-ipv4-ippool", new IpPoolSpec
        {
            Cidr = "10.48.0.0/24",
            BlockSize = 26,
            NatOutgoing = true,
            NodeSelector = "all()",
            AllowedUses = new[] { "Workload", "Tunnel" },
        });
        cluster.Clock.Advance(ExternalPoolCreated - TimeSpan.FromSeconds(1) - cluster.Clock.Now);
        cluster.CreatePool("external-pool", new IpPoolSpec
        {
            Cidr = "10.48.2.0/24",
            BlockSize = 29,
            NatOutgoing = true,
        });
        DeployYaobank(cluster);
        cluster.CreateNamespace("external-ns", annotations: new Dictionary<string, string>
        {
            ["cni.projectcalico.org/ipv4pools"] = "[\"external-pool\"]",
        });
        cluster.CreateDeployment(App("external-ns", "nginx", 1, "nginx", "nginx", version: null));
        return cluster;
    }

    // yaobank as lab 1 deploys it (1-yaobank.yaml): database 1, summary 2, customer 1.
    private static void DeployYaobank(Cluster cluster)
    {
        cluster.CreateNamespace("yaobank", labels: new Dictionary<string, string> { ["istio-injection"] = "disabled" });
        cluster.CreateDeployment(App("yaobank", "database", 1, "database", "calico/yaobank-database:certification"));
        cluster.CreateDeployment(App("yaobank", "summary", 2, "summary", "calico/yaobank-summary:certification"));
        cluster.CreateDeployment(App("yaobank", "customer", 1, "customer", "calico/yaobank-customer:certification"));
    }

    private static DeploymentSpec App(string ns, string name, int replicas, string container, string image, string? version = "v1")
    {
        var labels = new Dictionary<string, string> { ["app"] = name };
        if (version is not null)
        {
            labels["version"] = version;
        }
        return new DeploymentSpec
        {
            Namespace = ns,
            Name = name,
            Replicas = replicas,
            Template = new PodTemplate
            {
                Labels = Labels.Copy(labels),
                Containers = new[] { new Container(container, image) },
            },
        };
    }

    /// <summary>A cluster with no nodes and no pools.</summary>
    public static Cluster CreateEmpty(int seed = DefaultSeed) => new("cluster", seed);

    /// <summary>The lab's pod and service networks (kubeadm's --pod-network-cidr and --service-cidr).</summary>
    public static IReadOnlyList<string> Networks { get; } = new[] { "10.48.0.0/16", "10.49.0.0/16" };
}

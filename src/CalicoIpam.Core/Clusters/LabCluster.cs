using System;
using System.Collections.Generic;
using System.IO;
using CalicoIpam.Core.Manifests;

namespace CalicoIpam.Core.Clusters;

/// <summary>
/// The cluster of the Calico IPAM lab as it stands at the start of lab 2.3 (DESIGN §3), built
/// by applying the manifests the module ships in module/labs/2.3 (embedded in this assembly)
/// through the same path Import-Manifest uses: three nodes, the installer's default pool,
/// yaobank (lab 1), and lab 2.2's external pool with nginx in external-ns.
/// </summary>
public static class LabCluster
{
    public const string Name = "calico-ipam-lab";
    public const int DefaultSeed = 1;

    private static readonly DateTimeOffset ExternalPoolCreated = new(2022, 7, 9, 20, 2, 25, TimeSpan.Zero);

    public static Cluster Create(int seed = DefaultSeed)
    {
        // The clock starts so that the installer's pool is stamped as in the lab's listing
        // (2022-07-09T17:44:37Z, after the three nodes), and external-pool at the time lab 2.2
        // created it.
        var cluster = new Cluster(Name, seed, SimulatedClock.Epoch - TimeSpan.FromSeconds(4));
        Apply(cluster, "01-nodes.yaml");
        Apply(cluster, "02-default-pool.yaml");
        Apply(cluster, "03-yaobank.yaml");
        cluster.Clock.Advance(ExternalPoolCreated - TimeSpan.FromSeconds(1) - cluster.Clock.Now);
        Apply(cluster, "04-external-pool.yaml");
        Apply(cluster, "05-external-ns.yaml");
        return cluster;
    }

    /// <summary>A cluster with no nodes and no pools.</summary>
    public static Cluster CreateEmpty(int seed = DefaultSeed) => new("cluster", seed);

    /// <summary>The lab's pod and service networks (kubeadm's --pod-network-cidr and --service-cidr).</summary>
    public static IReadOnlyList<string> Networks { get; } = new[] { "10.48.0.0/16", "10.49.0.0/16" };

    /// <summary>The text of one of the shipped lab manifests.</summary>
    public static string Manifest(string file)
    {
        using var stream = typeof(LabCluster).Assembly.GetManifestResourceStream("labs/2.3/" + file)
            ?? throw new FileNotFoundException("The lab manifest is not embedded.", file);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static void Apply(Cluster cluster, string file)
    {
        foreach (var document in ManifestReader.Read(Manifest(file), file))
        {
            cluster.ApplyManifest(document);
        }
    }
}

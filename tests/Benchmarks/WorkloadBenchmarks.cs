using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using CalicoIpam.Core.Clusters;

namespace CalicoIpam.Benchmarks;

/// <summary>
/// Building a cluster at Kubernetes' limits (5,000 nodes, then 50 deployments of 3,000 pods:
/// scheduling, CNI, IPAM, events) beside storing the same number of bare pod records, which is
/// what any simulator pays as a minimum.
/// </summary>
internal static class WorkloadBenchmarks
{
    private const int Nodes = 5_000;
    private const int Deployments = 50;
    private const int Replicas = 3_000;

    public static void Run()
    {
        var build = Stopwatch.StartNew();
        var cluster = SyntheticCluster.Create(Nodes, "10.32.0.0/12", 26, Encapsulation.None);
        var nodesSeconds = build.Elapsed.TotalSeconds;
        var pods = Stopwatch.StartNew();
        for (var i = 0; i < Deployments; i++)
        {
            cluster.CreateDeployment(new DeploymentSpec
            {
                Namespace = "default",
                Name = "app" + i.ToString(CultureInfo.InvariantCulture),
                Replicas = Replicas,
                Template = new PodTemplate
                {
                    Labels = new SortedDictionary<string, string> { ["app"] = "app" + i.ToString(CultureInfo.InvariantCulture) },
                    Containers = new[] { new Container("app", "nginx") },
                },
            });
        }
        var podSeconds = pods.Elapsed.TotalSeconds;
        var total = Deployments * Replicas;

        var baseline = Harness.NanosecondsPerOperation(total, () =>
        {
            var store = new Dictionary<(string, string), Pod>(total);
            for (var i = 0; i < total; i++)
            {
                var name = "app-" + i.ToString(CultureInfo.InvariantCulture);
                store[("default", name)] = new Pod { Name = name, Namespace = "default" };
            }
        });
        Harness.Report($"cluster of {Nodes:N0} nodes: build", nodesSeconds * 1000, "-", nodesSeconds * 1000, "ms");
        Harness.Report($"{total:N0} pods via deployments (per pod)", podSeconds * 1e9 / total, "storing bare pod records", baseline);
        System.Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-44} {1,12:N0} pods/s", "pods per second", total / podSeconds));
    }
}

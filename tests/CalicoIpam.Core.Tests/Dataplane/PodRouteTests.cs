using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Cni;

namespace CalicoIpam.Core.Tests.Dataplane;

/// <summary>The routes inside a pod (cni-plugin dataplane_linux.go DoNetworking).</summary>
public sealed class PodRouteTests
{
    [Fact]
    public void ARunningPod_HasTheDefaultRouteViaTheLinkLocalGateway()
    {
        var cluster = RouteTestKit.SeedLab();

        var routes = cluster.GetPodRoutes("yaobank", "customer-84c7855fd4-55r26");

        Assert.Equal(new[] { "default via 169.254.1.1 dev eth0", "169.254.1.1 dev eth0 scope link" }, routes.Select(r => r.ToString()));
        Assert.All(routes, r => Assert.Equal(("ip-10-0-0-11", "yaobank", "customer-84c7855fd4-55r26"), (r.Node, r.Namespace, r.Pod)));
    }

    [Fact]
    public void APodWithoutNetwork_HasNoRoutes()
    {
        var cluster = RouteTestKit.WithPool();
        cluster.AddNode("node-1", "10.0.0.11/24");
        var waiting = cluster.CreatePod(new PodSpec
        {
            Namespace = "default",
            Name = "waiting",
            Node = "node-1",
            Annotations = new Dictionary<string, string> { [CniNames.Ipv4PoolsAnnotation] = "[\"no-such-pool\"]" },
        });

        Assert.Equal(PodStatus.ContainerCreating, waiting.Status);
        Assert.Empty(cluster.GetPodRoutes("default", "waiting"));
        Assert.DoesNotContain(cluster.Lines("node-1"), l => l.Contains("cali"));
    }

    [Fact]
    public void AnUnknownPod_IsNotFound()
    {
        var cluster = RouteTestKit.SeedLab();

        var error = Assert.Throws<ResourceNotFoundException>(() => cluster.GetPodRoutes("yaobank", "nope"));

        Assert.Equal("pods \"nope\" not found", error.Message);
    }
}

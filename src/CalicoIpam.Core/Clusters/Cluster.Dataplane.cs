using System.Collections.Generic;
using CalicoIpam.Core.Dataplane;

namespace CalicoIpam.Core.Clusters;

/// <summary>The dataplane view: each node's <c>ip route</c> and each pod's, computed from the
/// cluster's state under its lock (see <see cref="NodeRouteCalculator"/> for who programs what).</summary>
public sealed partial class Cluster
{
    // Per-block facts for routing (pool, borrowed addresses), reused while a block is unchanged.
    private readonly BlockRouteCache _blockRoutes = new();

    /// <summary>
    /// The IPv4 main table of <paramref name="node"/> as <c>ip route</c> lists it: the host's
    /// default and connected routes, its pods' /32s, a blackhole per own block, one route per
    /// other node's block and per address borrowed across nodes, by each pool's encapsulation.
    /// </summary>
    /// <exception cref="ResourceNotFoundException">No such node.</exception>
    public IReadOnlyList<NodeRoute> GetNodeRoutes(string node)
    {
        lock (_gate)
        {
            var local = FindNodeLocked(node) ?? throw ResourceNotFoundException.Kubernetes("Node", "nodes", node);
            return new NodeRouteCalculator(_ipam, PoolList(), FindNodeLocked, FindPodLocked, PodsOnNodeLocked, _blockRoutes, this).Compute(local);
        }
    }

    /// <summary>
    /// The IPv4 table inside the pod's network namespace: <c>default via 169.254.1.1 dev eth0</c>
    /// and <c>169.254.1.1 dev eth0 scope link</c>; empty while the pod has no network.
    /// </summary>
    /// <exception cref="ResourceNotFoundException">No such pod.</exception>
    public IReadOnlyList<NodeRoute> GetPodRoutes(string ns, string pod)
    {
        lock (_gate)
        {
            var found = FindPodLocked(ns, pod) ?? throw ResourceNotFoundException.Kubernetes("Pod", "pods", pod);
            return NodeRouteCalculator.ComputePod(found, this);
        }
    }

    private Pod? FindPodLocked(string ns, string name) => _pods.TryGetValue((ns, name), out var pod) ? pod : null;

    // The pods scheduled to a node, through the per-node index (no pass over every pod).
    private IEnumerable<Pod> PodsOnNodeLocked(string node)
    {
        if (!_podsByNode.TryGetValue(node, out var keys))
        {
            yield break;
        }
        foreach (var key in keys)
        {
            if (_pods.TryGetValue(key, out var pod))
            {
                yield return pod;
            }
        }
    }
}

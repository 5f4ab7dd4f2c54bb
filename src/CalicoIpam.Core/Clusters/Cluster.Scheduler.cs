using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace CalicoIpam.Core.Clusters;

/// <summary>
/// The default scheduler, reduced to what decides placement here: a node must match the pod's
/// nodeSelector and have room (kubelet's 110 pods). Among those it prefers the nodes with the
/// fewest pods of the same ReplicaSet (the default topology spreading of a controller's pods),
/// then the fewest pods, then the name. Nodes are kept ordered by load and each set's pods are
/// counted per node, so placing a pod does not look at every node.
/// </summary>
public sealed partial class Cluster
{
    /// <summary>The most pods kubelet runs on a node (its default maxPods).</summary>
    public const int MaxPodsPerNode = 110;

    private readonly SortedSet<(int Pods, string Node)> _nodesByLoad = new(NodeLoadComparer.Instance);
    private readonly Dictionary<string, int> _nodeLoad = new(StringComparer.Ordinal);
    // Each ReplicaSet's pods per node.
    private readonly Dictionary<(string Namespace, string ReplicaSet), Dictionary<string, int>> _setSpread = new();

    private void NodeAdded(string node)
    {
        _nodeLoad[node] = 0;
        _nodesByLoad.Add((0, node));
    }

    private void NodeRemoved(string node)
    {
        if (_nodeLoad.TryGetValue(node, out var load))
        {
            _nodesByLoad.Remove((load, node));
            _nodeLoad.Remove(node);
        }
    }

    private void NodeLoadChanged(string node, int delta)
    {
        if (!_nodeLoad.TryGetValue(node, out var load))
        {
            return;
        }
        _nodesByLoad.Remove((load, node));
        _nodeLoad[node] = load + delta;
        _nodesByLoad.Add((load + delta, node));
    }

    private void SpreadChanged(Pod pod, string node, int delta)
    {
        if (pod.ReplicaSet.Length == 0)
        {
            return;
        }
        var key = (pod.Namespace, pod.ReplicaSet);
        if (!_setSpread.TryGetValue(key, out var perNode))
        {
            _setSpread[key] = perNode = new Dictionary<string, int>(StringComparer.Ordinal);
        }
        perNode.TryGetValue(node, out var count);
        if (count + delta > 0)
        {
            perNode[node] = count + delta;
        }
        else
        {
            perNode.Remove(node);
        }
    }

    /// <summary>The node for a pod, or null with the scheduler's FailedScheduling message.</summary>
    private string? Schedule(Pod pod, out string? reason)
    {
        reason = null;
        if (_nodes.Count == 0)
        {
            reason = "no nodes available to schedule pods";
            return null;
        }
        var spread = pod.ReplicaSet.Length > 0 && _setSpread.TryGetValue((pod.Namespace, pod.ReplicaSet), out var perNode)
            ? perNode
            : null;
        // The fewest siblings any node has: 0 unless the set already has pods on every node.
        var fewest = spread is null || spread.Count < _nodes.Count ? 0 : spread.Values.Min();
        string? best = null;
        var bestSiblings = int.MaxValue;
        foreach (var (pods, name) in _nodesByLoad)
        {
            if (pods >= MaxPodsPerNode)
            {
                break;
            }
            if (!Matches(_nodes[name], pod.NodeSelector))
            {
                continue;
            }
            var siblings = spread is not null && spread.TryGetValue(name, out var n) ? n : 0;
            if (siblings == fewest)
            {
                return name;
            }
            if (siblings < bestSiblings)
            {
                best = name;
                bestSiblings = siblings;
            }
        }
        if (best is not null)
        {
            return best;
        }
        reason = FitError(pod.NodeSelector);
        return null;
    }

    private static bool Matches(Node node, IReadOnlyDictionary<string, string> nodeSelector) =>
        nodeSelector.All(pair => node.Labels.TryGetValue(pair.Key, out var value) && value == pair.Value);

    // The scheduler's FitError text: per-reason node counts, sorted, then what preemption found.
    private string FitError(IReadOnlyDictionary<string, string> nodeSelector)
    {
        int selectorMismatch = 0, full = 0;
        foreach (var node in _nodes.Values)
        {
            if (!Matches(node, nodeSelector))
            {
                selectorMismatch++;
            }
            else
            {
                full++;
            }
        }
        var reasons = new List<string>();
        var preemption = new List<string>();
        if (full > 0)
        {
            reasons.Add($"{full} Too many pods");
            preemption.Add($"{full} No preemption victims found for incoming pod");
        }
        if (selectorMismatch > 0)
        {
            reasons.Add($"{selectorMismatch} node(s) didn't match Pod's node affinity/selector");
            preemption.Add($"{selectorMismatch} Preemption is not helpful for scheduling");
        }
        reasons.Sort(StringComparer.Ordinal);
        preemption.Sort(StringComparer.Ordinal);
        var n = _nodes.Count.ToString(CultureInfo.InvariantCulture);
        return $"0/{n} nodes are available: {string.Join(", ", reasons)}. preemption: 0/{n} nodes are available: {string.Join(", ", preemption)}.";
    }

    private sealed class NodeLoadComparer : IComparer<(int Pods, string Node)>
    {
        public static readonly NodeLoadComparer Instance = new();

        public int Compare((int Pods, string Node) x, (int Pods, string Node) y)
        {
            var c = x.Pods.CompareTo(y.Pods);
            return c != 0 ? c : string.CompareOrdinal(x.Node, y.Node);
        }
    }
}

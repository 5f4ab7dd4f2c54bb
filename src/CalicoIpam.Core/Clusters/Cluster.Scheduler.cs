using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace CalicoIpam.Core.Clusters;

/// <summary>
/// The default scheduler, reduced to what decides placement here: a node must match the pod's
/// nodeSelector and have room (kubelet's 110 pods); among those, fewest pods first, ties by
/// name. Nodes are kept ordered by load, so placing a pod does not look at every node.
/// </summary>
public sealed partial class Cluster
{
    /// <summary>The most pods kubelet runs on a node (its default maxPods).</summary>
    public const int MaxPodsPerNode = 110;

    private readonly SortedSet<(int Pods, string Node)> _nodesByLoad = new(NodeLoadComparer.Instance);
    private readonly Dictionary<string, int> _nodeLoad = new(StringComparer.Ordinal);

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

    /// <summary>The node for a pod, or null with the scheduler's FailedScheduling message.</summary>
    private string? Schedule(IReadOnlyDictionary<string, string> nodeSelector, out string? reason)
    {
        reason = null;
        if (_nodes.Count == 0)
        {
            reason = "no nodes available to schedule pods";
            return null;
        }
        foreach (var (pods, name) in _nodesByLoad)
        {
            if (pods >= MaxPodsPerNode)
            {
                break;
            }
            if (Matches(_nodes[name], nodeSelector))
            {
                return name;
            }
        }
        reason = FitError(nodeSelector);
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

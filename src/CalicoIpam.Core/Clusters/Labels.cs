using System;
using System.Collections.Generic;

namespace CalicoIpam.Core.Clusters;

/// <summary>Label maps: ordinal-sorted copies, so output is stable and callers cannot change them.</summary>
public static class Labels
{
    public static IReadOnlyDictionary<string, string> Empty { get; } =
        new SortedDictionary<string, string>(StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, string> Copy(IEnumerable<KeyValuePair<string, string>> labels)
    {
        var copy = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in labels)
        {
            copy[pair.Key] = pair.Value;
        }
        return copy;
    }

    /// <summary>A copy of <paramref name="current"/> with <paramref name="changes"/> applied: a value
    /// sets the key, a null removes it (kubectl label/annotate key- semantics).</summary>
    public static IReadOnlyDictionary<string, string> WithChanges(IReadOnlyDictionary<string, string> current,
        IReadOnlyDictionary<string, string?> changes)
    {
        var copy = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in current)
        {
            copy[pair.Key] = pair.Value;
        }
        foreach (var change in changes)
        {
            if (change.Value is null)
            {
                copy.Remove(change.Key);
            }
            else
            {
                copy[change.Key] = change.Value;
            }
        }
        return copy;
    }

    /// <summary>The labels kubelet puts on a Linux node, plus the control-plane role label.</summary>
    public static IReadOnlyDictionary<string, string> ForNode(string name, NodeRole role, IEnumerable<KeyValuePair<string, string>>? extra)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["beta.kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["kubernetes.io/hostname"] = name,
            ["kubernetes.io/os"] = "linux",
        };
        if (role == NodeRole.ControlPlane)
        {
            labels["node-role.kubernetes.io/control-plane"] = "";
            labels["node.kubernetes.io/exclude-from-external-load-balancers"] = "";
        }
        if (extra is not null)
        {
            foreach (var pair in extra)
            {
                labels[pair.Key] = pair.Value;
            }
        }
        return labels;
    }
}

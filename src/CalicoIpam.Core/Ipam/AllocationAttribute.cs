using System;
using System.Collections.Generic;
using System.Linq;

namespace CalicoIpam.Core.Ipam;

/// <summary>
/// One entry of a block's <c>attributes</c>: the handle and the owner's attributes (pod,
/// namespace, node, timestamp for a pod; node and type for a tunnel). Allocations point at
/// entries by index; equal entries are shared, as Calico's findOrAddAttribute does.
/// </summary>
public sealed class AllocationAttribute : IEquatable<AllocationAttribute>
{
    public AllocationAttribute(string? handleId, IReadOnlyDictionary<string, string> activeOwnerAttrs)
    {
        HandleId = handleId;
        ActiveOwnerAttrs = activeOwnerAttrs;
    }

    /// <summary>handle_id; null for an allocation made without a handle.</summary>
    public string? HandleId { get; }

    /// <summary>secondary (activeOwnerAttrs): keys as Calico writes them.</summary>
    public IReadOnlyDictionary<string, string> ActiveOwnerAttrs { get; }

    public string? Get(string key) => ActiveOwnerAttrs.TryGetValue(key, out var value) ? value : null;

    public bool Equals(AllocationAttribute? other) =>
        other is not null
        && HandleId == other.HandleId
        && ActiveOwnerAttrs.Count == other.ActiveOwnerAttrs.Count
        && ActiveOwnerAttrs.All(pair => other.ActiveOwnerAttrs.TryGetValue(pair.Key, out var v) && v == pair.Value);

    public override bool Equals(object? obj) => Equals(obj as AllocationAttribute);

    public override int GetHashCode() => (HandleId ?? "").GetHashCode() ^ ActiveOwnerAttrs.Count;
}

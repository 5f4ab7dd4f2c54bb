using System.Collections.Generic;

namespace CalicoIpam.Core.Clusters;

/// <summary>What a pod is created from: kubectl run / a pod manifest, as far as IPAM cares.</summary>
public sealed record PodSpec
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    /// <summary>spec.nodeName; empty lets the scheduler choose.</summary>
    public string Node { get; init; } = "";

    public IReadOnlyDictionary<string, string> Labels { get; init; } = Clusters.Labels.Empty;

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = Clusters.Labels.Empty;

    /// <summary>spec.nodeSelector.</summary>
    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = Clusters.Labels.Empty;
}

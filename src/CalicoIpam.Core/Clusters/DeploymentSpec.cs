using System.Collections.Generic;

namespace CalicoIpam.Core.Clusters;

/// <summary>What a Deployment is created or updated from.</summary>
public sealed record DeploymentSpec
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public int Replicas { get; init; } = 1;

    public required PodTemplate Template { get; init; }

    /// <summary>spec.selector.matchLabels; null means the template's labels.</summary>
    public IReadOnlyDictionary<string, string>? Selector { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = Clusters.Labels.Empty;
}

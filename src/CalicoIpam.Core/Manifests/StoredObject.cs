using CalicoIpam.Core.Clusters;

namespace CalicoIpam.Core.Manifests;

/// <summary>An object the simulation keeps but does not act on (a Service, a ServiceAccount):
/// stored as applied, listed and exported again.</summary>
public sealed record StoredObject
{
    public required string ApiVersion { get; init; }

    public required string Kind { get; init; }

    public required string Name { get; init; }

    public string Namespace { get; init; } = "";

    public required YamlMapping Root { get; init; }

    public Cluster? Cluster { get; init; }
}

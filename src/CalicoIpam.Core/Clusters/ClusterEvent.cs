using System;

namespace CalicoIpam.Core.Clusters;

/// <summary>A Kubernetes event, as kubectl get events shows it.</summary>
public sealed record ClusterEvent
{
    public required DateTimeOffset Time { get; init; }

    /// <summary>Normal or Warning.</summary>
    public required string Type { get; init; }

    public required string Reason { get; init; }

    /// <summary>kind/name, e.g. pod/customer-84c7855fd4-55r26.</summary>
    public required string Object { get; init; }

    public required string Namespace { get; init; }

    public required string Message { get; init; }

    public Cluster? Cluster { get; init; }
}

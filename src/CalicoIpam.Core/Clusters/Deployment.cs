using System;
using System.Collections.Generic;

namespace CalicoIpam.Core.Clusters;

/// <summary>A Deployment (apps/v1): how many replicas of which pod template.</summary>
public sealed record Deployment
{
    public required string Name { get; init; }

    public required string Namespace { get; init; }

    public required int Replicas { get; init; }

    public required PodTemplate Template { get; init; }

    /// <summary>spec.selector.matchLabels.</summary>
    public required IReadOnlyDictionary<string, string> Selector { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = Clusters.Labels.Empty;

    public DateTimeOffset CreationTimestamp { get; init; }

    /// <summary>The current ReplicaSet's name (&lt;deployment&gt;-&lt;pod-template-hash&gt;).</summary>
    public string CurrentReplicaSet { get; init; } = "";

    /// <summary>Pods of the current template (status.updatedReplicas).</summary>
    public int UpdatedReplicas { get; init; }

    /// <summary>Running pods of any template (status.readyReplicas).</summary>
    public int ReadyReplicas { get; init; }

    /// <summary>kubectl get deploy's READY column.</summary>
    public string Ready => $"{ReadyReplicas}/{Replicas}";

    /// <summary>kubectl's UP-TO-DATE column.</summary>
    public int UpToDate => UpdatedReplicas;

    /// <summary>kubectl's AVAILABLE column (minReadySeconds 0: ready is available).</summary>
    public int Available => ReadyReplicas;

    public string Age => Cluster is null ? "" : Text.HumanDuration.Format(Cluster.Now - CreationTimestamp);

    public Cluster? Cluster { get; init; }
}

/// <summary>A ReplicaSet a Deployment made for one template.</summary>
public sealed record ReplicaSet
{
    public required string Name { get; init; }

    public required string Namespace { get; init; }

    public required string Deployment { get; init; }

    public required string Hash { get; init; }

    public required PodTemplate Template { get; init; }

    public int Replicas { get; init; }

    public DateTimeOffset CreationTimestamp { get; init; }

    public Cluster? Cluster { get; init; }
}

using System;
using System.Collections.Generic;

namespace CalicoIpam.Core.Ipam;

/// <summary>An IPReservation: addresses auto-assign must not hand out (AssignIP may).</summary>
public sealed record IpReservation
{
    public required string Name { get; init; }

    /// <summary>spec.reservedCIDRs as written (bare addresses allowed).</summary>
    public required IReadOnlyList<string> ReservedCidrs { get; init; }

    public DateTimeOffset CreationTimestamp { get; init; }

    /// <summary>The cluster the reservation belongs to.</summary>
    public Clusters.Cluster? Cluster { get; init; }
}

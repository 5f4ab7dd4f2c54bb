using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Ipam;

/// <summary>A BlockAffinity: node <see cref="Node"/> owns block <see cref="Cidr"/>. The simulator
/// applies each change whole, so an affinity is always seen confirmed.</summary>
public sealed record BlockAffinity
{
    public required string Node { get; init; }

    public required Cidr Cidr { get; init; }

    /// <summary>pending, confirmed or pendingDeletion.</summary>
    public string State { get; init; } = "confirmed";

    /// <summary>The KDD resource name: &lt;node&gt;-&lt;block name&gt;.</summary>
    public string Name => BlockNames.ForAffinity(Node, Cidr);

    public Clusters.Cluster? Cluster { get; init; }
}

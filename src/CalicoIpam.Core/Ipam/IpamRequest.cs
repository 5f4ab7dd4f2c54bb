using System;
using System.Collections.Generic;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Ipam;

/// <summary>What an IPAM call may look at besides its own state: the pools, the node asking,
/// and the simulated time.</summary>
internal sealed record IpamContext(IReadOnlyList<IpPool> Pools, Func<string, Node?> FindNode, DateTimeOffset Now);

/// <summary>An auto-assign request for one IP version (Calico's AutoAssignArgs, one family).</summary>
internal sealed record AutoAssignRequest
{
    public required string Host { get; init; }

    public required int Count { get; init; }

    public required bool IPv6 { get; init; }

    public string? HandleId { get; init; }

    public IReadOnlyDictionary<string, string> Attributes { get; init; } = Labels.Empty;

    public IpPoolAllowedUse Use { get; init; } = IpPoolAllowedUse.Workload;

    /// <summary>Pools asked for by CIDR, in order; empty means "every pool that selects the node".</summary>
    public IReadOnlyList<Cidr> RequestedPools { get; init; } = Array.Empty<Cidr>();

    /// <summary>A per-request block limit (0: the configured one).</summary>
    public int MaxBlocksPerHost { get; init; }
}

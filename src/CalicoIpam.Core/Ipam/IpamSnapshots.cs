using System;
using System.Collections.Generic;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Ipam;

/// <summary>An IPAM block as callers see it: a snapshot, not the live block.</summary>
public sealed record IpamBlock
{
    public required Cidr Cidr { get; init; }

    /// <summary>The KDD resource name (10-244-84-128-26).</summary>
    public string Name => BlockNames.ForBlock(Cidr);

    /// <summary>The node the block is affine to, or empty for an orphaned block.</summary>
    public required string Affinity { get; init; }

    /// <summary>The pool the block lies in, or empty when no pool holds it any more.</summary>
    public required string Pool { get; init; }

    public required int Capacity { get; init; }

    public required int InUse { get; init; }

    public int Free => Capacity - InUse;

    public DateTimeOffset? AffinityClaimTime { get; init; }

    public ulong SequenceNumber { get; init; }

    /// <summary>The free ordinals in queue order: the next address handed out is the first.</summary>
    public required IReadOnlyList<int> Unallocated { get; init; }

    public Clusters.Cluster? Cluster { get; init; }
}

/// <summary>One allocated address and who holds it (calicoctl ipam show --ip / --show-borrowed).</summary>
public sealed record IpAllocation
{
    public required IpAddress Ip { get; init; }

    public required Cidr Block { get; init; }

    /// <summary>The handle, or empty when the allocation has none.</summary>
    public required string Handle { get; init; }

    /// <summary>The node attribute: the node the address was given to.</summary>
    public required string Node { get; init; }

    public string Pod { get; init; } = "";

    public string Namespace { get; init; } = "";

    /// <summary>The type attribute of a tunnel address (ipipTunnelAddress, vxlanTunnelAddress), else empty.</summary>
    public string Type { get; init; } = "";

    /// <summary>The node the block is affine to (empty for an orphaned block).</summary>
    public required string BlockOwner { get; init; }

    /// <summary>The address was given to a node other than the block's owner.</summary>
    public bool Borrowed => Node.Length > 0 && Node != BlockOwner;

    /// <summary>calicoctl's TYPE column: pod, or the type attribute (ipipTunnelAddress...).</summary>
    public string Kind => Pod.Length > 0 ? "pod" : Type;

    /// <summary>calicoctl's ALLOCATED-TO column: namespace/pod for a pod.</summary>
    public string AllocatedTo => Pod.Length > 0 ? Namespace + "/" + Pod : "";

    public required IReadOnlyDictionary<string, string> Attributes { get; init; }

    public ulong? SequenceNumber { get; init; }

    public Clusters.Cluster? Cluster { get; init; }
}

/// <summary>The result of an auto-assign (Calico's IPAMAssignments).</summary>
public sealed class IpamAssignments
{
    private readonly List<string> _messages = new();

    public IpamAssignments(int ipVersion, int numRequested)
    {
        IpVersion = ipVersion;
        NumRequested = numRequested;
    }

    public int IpVersion { get; }

    public int NumRequested { get; }

    /// <summary>The addresses, each with its block's prefix length (10.244.84.128/26).</summary>
    public List<Cidr> Ips { get; } = new();

    public IReadOnlyList<string> Messages => _messages;

    /// <summary>AddMsg: duplicate messages are dropped.</summary>
    public void AddMessage(string message)
    {
        if (!_messages.Contains(message))
        {
            _messages.Add(message);
        }
    }

    /// <summary>PartialFulfillmentError's text, or null when every address was assigned.</summary>
    public string? PartialFulfillmentError()
    {
        if (Ips.Count >= NumRequested)
        {
            return null;
        }
        var text = $"Assigned {Ips.Count} out of {NumRequested} requested IPv{IpVersion} addresses";
        foreach (var message in _messages)
        {
            text += "; " + message;
        }
        return text;
    }
}

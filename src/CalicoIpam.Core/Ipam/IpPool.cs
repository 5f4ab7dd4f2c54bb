using System;
using System.Collections.Generic;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Ipam;

/// <summary>
/// A stored projectcalico.org/v3 IPPool: validated, defaulted and immutable. Changes produce a
/// new instance, so an object handed to a caller is a snapshot that never changes under it.
/// </summary>
public sealed record IpPool
{
    public required string Name { get; init; }

    /// <summary>The pool's network, strictly masked; its text is the canonical spec.cidr.</summary>
    public required Cidr Network { get; init; }

    public string Cidr => Network.ToString();

    public required int BlockSize { get; init; }

    public EncapsulationMode IpipMode { get; init; }

    public EncapsulationMode VxlanMode { get; init; }

    public bool NatOutgoing { get; init; }

    public bool Disabled { get; init; }

    public bool DisableBgpExport { get; init; }

    /// <summary>The selector text as stored (defaulted to all()).</summary>
    public string NodeSelector { get; init; } = "all()";

    public IReadOnlyList<IpPoolAllowedUse> AllowedUses { get; init; } = DefaultAllowedUses;

    public AssignmentMode AssignmentMode { get; init; }

    public DateTimeOffset CreationTimestamp { get; init; }

    public string Uid { get; init; } = "";

    private Selectors.Selector? _parsedNodeSelector;

    /// <summary>The node selector, parsed once (an empty selector is all(), as Calico's SelectsNode has it).</summary>
    internal Selectors.Selector ParsedNodeSelector =>
        _parsedNodeSelector is { } parsed && parsed.Text == NodeSelector
            ? parsed
            : _parsedNodeSelector = Selectors.Selector.Parse(NodeSelector);

    /// <summary>The cluster the pool belongs to, so a piped pool acts on its own cluster.</summary>
    public Clusters.Cluster? Cluster { get; init; }

    public bool IsIPv6 => Network.IsIPv6;

    /// <summary>Calico's default allowedUses, in this order.</summary>
    public static IReadOnlyList<IpPoolAllowedUse> DefaultAllowedUses { get; } =
        new[] { IpPoolAllowedUse.Workload, IpPoolAllowedUse.Tunnel };

    /// <summary>The spec this pool was made from, for updates that change a few fields.</summary>
    public IpPoolSpec ToSpec() => new()
    {
        Cidr = Cidr,
        BlockSize = BlockSize,
        IpipMode = IpipMode.ToString(),
        VxlanMode = VxlanMode.ToString(),
        NatOutgoing = NatOutgoing,
        Disabled = Disabled,
        DisableBgpExport = DisableBgpExport,
        NodeSelector = NodeSelector,
        AllowedUses = ToStrings(AllowedUses),
        AssignmentMode = AssignmentMode.ToString(),
    };

    private static IReadOnlyList<string> ToStrings(IReadOnlyList<IpPoolAllowedUse> uses)
    {
        var result = new string[uses.Count];
        for (var i = 0; i < uses.Count; i++)
        {
            result[i] = uses[i].ToString();
        }
        return result;
    }
}

using System;
using System.Collections.Generic;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Clusters;

/// <summary>A Kubernetes node as Calico sees it (its Calico Node mirrors these labels).</summary>
public sealed record Node
{
    public required string Name { get; init; }

    /// <summary>The node's address with its subnet prefix (Calico's spec.bgp.ipv4Address), e.g. 10.0.0.11/24.</summary>
    public required Cidr Address { get; init; }

    /// <summary>The host interface the address is on.</summary>
    public string Interface { get; init; } = "eth0";

    public IReadOnlyDictionary<string, string> Labels { get; init; } = Clusters.Labels.Empty;

    public NodeRole Role { get; init; } = NodeRole.Worker;

    public DateTimeOffset CreationTimestamp { get; init; }

    /// <summary>spec.bgp.ipv4IPIPTunnelAddr: the tunl0 address, when an IPIP pool selects the node; else empty.</summary>
    public string IpipTunnelAddress { get; init; } = "";

    /// <summary>spec.ipv4VXLANTunnelAddr: the vxlan.calico address, when a VXLAN pool selects the node; else empty.</summary>
    public string VxlanTunnelAddress { get; init; } = "";

    /// <summary>kubectl's ROLES column: control-plane, or &lt;none&gt; for a worker.</summary>
    public string Roles => Role == NodeRole.ControlPlane ? "control-plane" : "<none>";

    /// <summary>The node's IP address without the prefix (kubectl's INTERNAL-IP).</summary>
    public string InternalIP => Address.Address.ToString();

    /// <summary>kubectl's STATUS column: a node with Calico running is Ready.</summary>
    public string Status => "Ready";

    /// <summary>Pods bound to the node when this snapshot was taken.</summary>
    public int PodCount { get; init; }

    /// <summary>kubectl's AGE column, on the cluster's simulated clock.</summary>
    public string Age => Cluster is null ? "" : Text.HumanDuration.Format(Cluster.Now - CreationTimestamp);

    /// <summary>The cluster the node belongs to, so a piped node acts on its own cluster.</summary>
    public Cluster? Cluster { get; init; }
}

public enum NodeRole
{
    Worker,
    ControlPlane,
}

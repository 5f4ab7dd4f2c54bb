using System.Globalization;
using System.Text;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Dataplane;

/// <summary>rtm_type of a route, as iproute2 names it. <c>ip route</c> prints it only when it is not unicast.</summary>
public enum NodeRouteType
{
    Unicast,
    Blackhole,
}

/// <summary>
/// One route of a Linux main routing table, as <c>ip route</c> prints it (iproute2
/// <c>ip/iproute.c</c> <c>print_route</c>). The properties hold the kernel's fields by
/// iproute2's names; <see cref="Line"/> and <see cref="ToString"/> are the printed line:
/// <c>[type] &lt;dst&gt; [via &lt;gw&gt;] dev &lt;if&gt; [proto &lt;p&gt;] [scope &lt;s&gt;] [src &lt;a&gt;] [metric &lt;m&gt;] [onlink]</c>.
/// iproute2 ends every field, the last one included, with a space; the line here has no
/// trailing space.
/// </summary>
public sealed record NodeRoute
{
    /// <summary>RTPROT_BOOT: what routes added without a protocol get (the CNI plugin's and
    /// Felix's own, Felix's DeviceRouteProtocol default 3). iproute2 does not print it.</summary>
    public const string ProtocolBoot = "boot";

    /// <summary>RTPROT_KERNEL: the connected route the kernel adds for an interface address.</summary>
    public const string ProtocolKernel = "kernel";

    /// <summary>RTPROT_BIRD (12), named "bird" by iproute2: routes BIRD programs.</summary>
    public const string ProtocolBird = "bird";

    /// <summary>Felix's dataplanedefs.VXLANDefaultProto (80) for VXLAN blackholes and same-subnet
    /// routes; iproute2 has no name for it and prints the number.</summary>
    public const string ProtocolFelix = "80";

    /// <summary>RT_SCOPE_UNIVERSE (not printed).</summary>
    public const string ScopeUniverse = "universe";

    /// <summary>RT_SCOPE_LINK.</summary>
    public const string ScopeLink = "link";

    /// <summary>The destination network (0.0.0.0/0 for the default route).</summary>
    public required Cidr Network { get; init; }

    /// <summary>The destination as <c>ip route</c> prints it: <c>default</c>, a bare address for a
    /// host route (/32, /128), else address/prefix.</summary>
    public string Destination =>
        Network.PrefixLength == 0 ? "default"
        : Network.PrefixLength == Network.BitLength ? Network.Network.ToString()
        : Network.Masked.ToString();

    /// <summary>The next hop (<c>via</c>), or empty.</summary>
    public string Gateway { get; init; } = "";

    /// <summary>The output interface (<c>dev</c>), or empty (a blackhole has none).</summary>
    public string Device { get; init; } = "";

    /// <summary>rtm_protocol by name: <c>boot</c> (not printed), <c>kernel</c>, <c>bird</c>, <c>80</c>...</summary>
    public string Protocol { get; init; } = ProtocolBoot;

    /// <summary>rtm_scope by name: <c>universe</c> (not printed) or <c>link</c>.</summary>
    public string Scope { get; init; } = ScopeUniverse;

    public NodeRouteType Type { get; init; } = NodeRouteType.Unicast;

    /// <summary>RTNH_F_ONLINK: the gateway is taken to be on the link without checking.</summary>
    public bool OnLink { get; init; }

    /// <summary>The preferred source address (<c>src</c>), or empty.</summary>
    public string Source { get; init; } = "";

    /// <summary>RTA_PRIORITY (<c>metric</c>), or null when the route has none.</summary>
    public int? Metric { get; init; }

    /// <summary>The node whose table holds the route (for a pod's table, the pod's node).</summary>
    public string Node { get; init; } = "";

    /// <summary>For a route inside a pod's network namespace: the pod's namespace and name; else empty.</summary>
    public string Namespace { get; init; } = "";

    public string Pod { get; init; } = "";

    /// <summary>The cluster the route was read from.</summary>
    public Clusters.Cluster? Cluster { get; init; }

    /// <summary>The line <c>ip route</c> prints for this route (what the default view shows).</summary>
    public string Line
    {
        get
        {
            var line = new StringBuilder(96);
            if (Type == NodeRouteType.Blackhole)
            {
                line.Append("blackhole ");
            }
            line.Append(Destination);
            if (Gateway.Length > 0)
            {
                line.Append(" via ").Append(Gateway);
            }
            if (Device.Length > 0)
            {
                line.Append(" dev ").Append(Device);
            }
            if (Protocol != ProtocolBoot)
            {
                line.Append(" proto ").Append(Protocol);
            }
            if (Scope != ScopeUniverse)
            {
                line.Append(" scope ").Append(Scope);
            }
            if (Source.Length > 0)
            {
                line.Append(" src ").Append(Source);
            }
            if (Metric is { } metric)
            {
                line.Append(" metric ").Append(metric.ToString(CultureInfo.InvariantCulture));
            }
            if (OnLink)
            {
                line.Append(" onlink");
            }
            return line.ToString();
        }
    }

    /// <summary>Exactly the <c>ip route</c> line (without iproute2's trailing space).</summary>
    public override string ToString() => Line;
}

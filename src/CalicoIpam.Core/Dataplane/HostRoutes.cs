using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Dataplane;

/// <summary>
/// The routes a node has before Calico: host configuration, not Calico's
/// (calico-routes-validation.md §3.3, last paragraph).
/// <list type="bullet">
/// <item>The connected route the kernel adds for the node's address:
/// <c>10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.11</c>. None for a /32 address
/// (the kernel adds a prefix route only for a shorter prefix).</item>
/// <item>A default route via the subnet's first address (the router a cloud VPC or a lab
/// network puts there): <c>default via 10.0.0.1 dev eth0</c>. This is the form of a statically
/// configured default route (rtm_protocol boot, no metric), as a lab VM has it. A DHCP-configured
/// cloud image (Ubuntu with systemd-networkd, e.g. on EC2) prints instead
/// <c>default via 10.0.0.1 dev eth0 proto dhcp src 10.0.0.11 metric 100</c> plus a host route
/// <c>10.0.0.1 dev eth0 proto dhcp scope link src 10.0.0.11 metric 100</c>; the simulator keeps
/// the simple static form. A node whose prefix leaves no room for a router (/31, /32) gets no
/// default route.</item>
/// </list>
/// No docker0, no local-table routes (<c>ip route</c> lists the main table only).
/// </summary>
public static class HostRoutes
{
    /// <summary>The default gateway of a node with this address: its subnet's first address,
    /// or null when the prefix is /31 or /32 (or the address is not IPv4).</summary>
    public static IpAddress? DefaultGateway(Cidr nodeAddress)
    {
        if (nodeAddress.IsIPv6 || nodeAddress.PrefixLength >= 31)
        {
            return null;
        }
        return nodeAddress.Network.Add(1);
    }

    /// <summary>Adds the node's default and connected routes to <paramref name="table"/>.</summary>
    public static void AddTo(RouteTable table, Cidr nodeAddress, string device, string node, Clusters.Cluster? cluster)
    {
        if (nodeAddress.IsIPv6)
        {
            return;
        }
        if (DefaultGateway(nodeAddress) is { } gateway)
        {
            table.Add(new NodeRoute
            {
                Network = new Cidr(IpAddress.FromIPv4(0), 0),
                Gateway = gateway.ToString(),
                Device = device,
                Node = node,
                Cluster = cluster,
            });
        }
        if (nodeAddress.PrefixLength < 32)
        {
            table.Add(new NodeRoute
            {
                Network = nodeAddress.Masked,
                Device = device,
                Protocol = NodeRoute.ProtocolKernel,
                Scope = NodeRoute.ScopeLink,
                Source = nodeAddress.Address.ToString(),
                Node = node,
                Cluster = cluster,
            });
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Clusters;

/// <summary>
/// Tunnel addresses, as calico-node's allocateip keeps them (calico-ipam.md §10): a node that
/// an IPIP (or VXLAN) pool selects gets one address for tunl0 (vxlan.calico) from such a pool,
/// under the handle ipip-tunnel-addr-&lt;node&gt; (vxlan-tunnel-addr-&lt;node&gt;). Usually
/// the node's first allocation, so it takes ordinal 0 of the node's first block.
/// </summary>
public sealed partial class Cluster
{
    private static readonly TunnelKind[] TunnelKinds =
    {
        new("ipip-tunnel-addr-", "ipipTunnelAddress", p => p.IpipMode, n => n.IpipTunnelAddress, (n, a) => n with { IpipTunnelAddress = a }),
        new("vxlan-tunnel-addr-", "vxlanTunnelAddress", p => p.VxlanMode, n => n.VxlanTunnelAddress, (n, a) => n with { VxlanTunnelAddress = a }),
    };

    private void ReconcileAllTunnels()
    {
        foreach (var name in _nodes.Keys.ToArray())
        {
            ReconcileTunnels(name);
        }
    }

    private void ReconcileTunnels(string nodeName)
    {
        foreach (var kind in TunnelKinds)
        {
            ReconcileTunnel(nodeName, kind);
        }
    }

    // reconcileTunnelAddrs: keep a valid address, else release it and assign a new one from
    // the pools that want a tunnel on this node (enabled, IPv4, Tunnel use, encapsulation on).
    private void ReconcileTunnel(string nodeName, TunnelKind kind)
    {
        var node = _nodes[nodeName];
        var handle = kind.HandlePrefix + nodeName;
        var pools = PoolList()
            .Where(p => !p.Disabled && !p.IsIPv6 && p.AllowedUses.Contains(IpPoolAllowedUse.Tunnel)
                && kind.Mode(p) != EncapsulationMode.Never && AutoAssigner.SelectsNode(p, node))
            .ToList();
        var current = kind.Address(node);
        if (current.Length > 0 && pools.Count > 0 && IsValidTunnelAddress(current, handle, nodeName, pools))
        {
            return;
        }
        Releaser.ReleaseByHandle(_ipam, IpamContext(), handle);
        var assigned = "";
        if (pools.Count > 0)
        {
            try
            {
                var result = AutoAssigner.AutoAssign(_ipam, IpamContext(), new AutoAssignRequest
                {
                    Host = nodeName,
                    Count = 1,
                    IPv6 = false,
                    HandleId = handle,
                    Attributes = new SortedDictionary<string, string>(System.StringComparer.Ordinal) { ["node"] = nodeName, ["type"] = kind.Type },
                    Use = IpPoolAllowedUse.Tunnel,
                    RequestedPools = pools.Select(p => p.Network).ToArray(),
                });
                assigned = result.Ips.Count > 0 ? result.Ips[0].Address.ToString() : "";
            }
            catch (IpamException)
            {
                // calico-node logs the failure and tries again later; the node has no tunnel address.
            }
        }
        if (assigned != current)
        {
            _nodes[nodeName] = kind.WithAddress(node, assigned);
        }
    }

    private bool IsValidTunnelAddress(string address, string handle, string nodeName, IReadOnlyList<IpPool> pools)
    {
        var ip = IpAddress.Parse(address);
        var held = FindAllocationLocked(ip);
        return held is not null && held.Handle == handle && held.Node == nodeName && pools.Any(p => p.Network.Contains(ip));
    }

    private sealed record TunnelKind(
        string HandlePrefix,
        string Type,
        System.Func<IpPool, EncapsulationMode> Mode,
        System.Func<Node, string> Address,
        System.Func<Node, string, Node> WithAddress);
}

using System;
using System.Collections.Generic;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Dataplane;

/// <summary>
/// The IPv4 main table of one node of a Calico cluster (<c>calico_backend: bird</c>), as
/// Calico v3.29-v3.31 programs it (calico-routes-validation.md §3; sources read at tags
/// v3.29.0 and v3.31.0 of projectcalico/calico). Who programs what:
/// <list type="bullet">
/// <item><b>Local pods</b>: the CNI plugin (<c>dataplane_linux.go</c> SetupRoutes, scope link,
/// RTPROT_BOOT), kept by Felix: <c>&lt;ip&gt; dev cali… scope link</c>.</item>
/// <item><b>IPIP and no-encap pools: BIRD</b>. <c>bird_aggr.cfg.template</c> puts a static
/// <c>route &lt;block&gt; blackhole</c> for every confirmed affinity of this node except /32
/// ones, whatever the pool's state (confd sees disabled pools too:
/// <c>IPPoolV3ToV1</c> keeps them, with their modes), and <c>calico_aggr</c> exports exactly the
/// block, nothing inside it. <c>bird.cfg.template</c> learns the kernel's alien routes (the
/// cali /32s) and the direct routes of every interface but cali* (so tunl0's /32), and exports
/// through <c>calico_export_to_bgp_peers</c>: <c>reject_disabled_pools</c> first (pools with
/// disableBGPExport; the name is Calico's), then <c>reject_tunnel_routes</c> (interfaces *.cali,
/// *.calico), then <c>calico_aggr</c>, then accept what lies in a pool; the mesh peers'
/// export filter ends in <c>reject</c>, so a /32 outside every pool goes nowhere. On the
/// receiving node <c>calico_kernel_programming</c> (<c>bird_ipam.cfg.template</c>) rejects
/// VXLAN pools, sets <c>krt_tunnel = "tunl0"</c> for IPIP Always, and for IPIP CrossSubnet
/// unless <c>bgp_next_hop ~ &lt;this node's network_v4&gt;</c>; Calico's BIRD then installs
/// <c>via &lt;BGP next hop&gt; dev tunl0 onlink</c>. Other routes get BIRD's recursive
/// gateway: the peer itself when it is in this node's subnet, else this node's default
/// gateway (seen in calicoctl issue #716 on GCE). All with <c>proto bird</c>.
/// In v3.31 Felix's <c>programClusterRoutes</c> exists but defaults to Disabled, so BIRD still
/// programs these; from v3.32/main (default EnabledIPIPOnly) Felix would print
/// <c>… dev tunl0 proto 80 onlink</c> instead — not modelled.</item>
/// <item><b>VXLAN pools: Felix</b> (<c>felix/calc/l3_route_resolver.go</c>,
/// <c>felix/dataplane/linux/vxlan_mgr.go</c> in v3.29, <c>route_mgr.go</c> in v3.31).
/// Each block affine to this node: <c>blackhole &lt;block&gt; proto 80</c> (not for /32 blocks).
/// Each block affine to another node, and each non-affine allocation (a /32 towards the node in
/// its <c>node</c> attribute): CrossSubnet with the remote node's IP inside this node's
/// subnet (l3rr <c>nodeInOurSubnet</c>) gives <c>via &lt;node IP&gt; dev eth0 proto 80 onlink</c>;
/// otherwise <c>via &lt;remote VTEP&gt; dev vxlan.calico onlink</c> (RTPROT_BOOT, so no proto),
/// which needs the remote node's VXLAN tunnel address. Both need this node's own VTEP: without
/// a vxlan.calico address Felix has neither the device nor its parent interface
/// (<c>CompleteDeferredWork</c>) and programs only the blackholes.
/// v3.31 adds <c>mtu &lt;VXLANMTU&gt;</c> to VXLAN routes (commit 22230eee "Program MTU on vxlan
/// routes") and a <c>&lt;ip&gt; dev vxlan.calico scope link</c> route for a borrowed remote VTEP
/// address; the simulator prints the v3.29 lines (the reference's §3.3 shapes).</item>
/// <item><b>Tunnel addresses</b>: Felix puts them on tunl0 / vxlan.calico as /32s, which makes
/// local-table routes only, so the node's own tunnel address prints no line. A remote node's
/// tunnel address inside its own block is covered by the block route. A <i>borrowed</i> IPIP
/// tunnel address is exported by the owner's BIRD (direct protocol, tunl0 is not filtered)
/// and shows as <c>&lt;ip&gt; via &lt;owner&gt; dev tunl0 proto bird onlink</c>; a borrowed VXLAN
/// one prints nothing in v3.29 (BIRD rejects *.calico routes; l3rr marks it REMOTE_TUNNEL,
/// which vxlan_mgr ignores).</item>
/// </list>
/// Routes towards a node that no longer exists are gone (its BGP session and Felix's node
/// info went with it). Local pod routes come from the pods on the node (the cluster's per-node
/// index), whatever IPAM says of their addresses. Addresses borrowed across nodes come from IPAM
/// (each block's non-affine allocations, cached per block); for BIRD the owning node must also
/// run a pod holding the address (or have it on tunl0). A pod whose address was released while
/// it runs (<c>calicoctl ipam release</c>) and lies in another node's block is therefore not
/// exported here, though a real BIRD would still learn and export its kernel route.
/// </summary>
internal sealed class NodeRouteCalculator
{
    /// <summary>dataplanedefs.VXLANIfaceNameV4.</summary>
    public const string VxlanDevice = "vxlan.calico";

    /// <summary>The IPIP device (IPIPInterface "tunl0" in libcalico-go's IPPoolV3ToV1).</summary>
    public const string IpipDevice = "tunl0";

    private readonly IpamState _ipam;
    private readonly IReadOnlyList<IpPool> _pools;
    private readonly Func<string, Node?> _findNode;
    private readonly Func<string, string, Pod?> _findPod;
    private readonly Func<string, IEnumerable<Pod>> _podsOnNode;
    private readonly BlockRouteCache _cache;
    private readonly Cluster? _cluster;

    public NodeRouteCalculator(IpamState ipam, IReadOnlyList<IpPool> pools, Func<string, Node?> findNode,
        Func<string, string, Pod?> findPod, Func<string, IEnumerable<Pod>> podsOnNode, BlockRouteCache cache, Cluster? cluster)
    {
        _ipam = ipam;
        _pools = pools;
        _findNode = findNode;
        _findPod = findPod;
        _podsOnNode = podsOnNode;
        _cache = cache;
        _cluster = cluster;
    }

    /// <summary>The node's table in <c>ip route</c> order.</summary>
    public IReadOnlyList<NodeRoute> Compute(Node local)
    {
        _cache.Prune(_ipam);
        var table = new RouteTable();
        HostRoutes.AddTo(table, local.Address, local.Interface, local.Name, _cluster);
        var localHasV4 = !local.Address.IsIPv6;
        foreach (var block in _ipam.Blocks)
        {
            if (block.Cidr.IsIPv6)
            {
                continue; // `ip -6 route`, not `ip route`.
            }
            var entry = _cache.For(block, _pools);
            var pool = entry.Pool;
            var vxlan = pool is not null && pool.VxlanMode != EncapsulationMode.Never;
            var host = block.AffinityHost;
            if (host == local.Name)
            {
                AddBlackhole(table, local, block.Cidr, vxlan);
            }
            else if (host is not null && localHasV4)
            {
                AddRemote(table, local, block.Cidr, host, pool, vxlan, isBlock: true);
            }
            foreach (var borrowed in entry.NonAffine)
            {
                if (borrowed.Host != local.Name && borrowed.Host.Length > 0 && localHasV4 && IsAdvertised(borrowed, pool, vxlan))
                {
                    AddRemote(table, local, new Cidr(borrowed.Address, 32), borrowed.Host, pool, vxlan, isBlock: false);
                }
            }
        }
        // Last, so that the CNI's route wins should anything else name the same address.
        foreach (var pod in _podsOnNode(local.Name))
        {
            AddLocalPod(table, local, pod);
        }
        return table.ToList();
    }

    /// <summary>The pod's own table (cni-plugin <c>dataplane_linux.go</c> DoNetworking): a link
    /// route to the fake gateway 169.254.1.1 and the default route through it, when the pod has
    /// an IPv4 address; nothing for a pod with no network (Pending, or no address yet).</summary>
    public static IReadOnlyList<NodeRoute> ComputePod(Pod pod, Cluster? cluster)
    {
        var table = new RouteTable();
        var hasV4 = false;
        foreach (var ip in pod.IPs)
        {
            hasV4 |= !ip.IsIPv6;
        }
        if (hasV4 && HasNetwork(pod))
        {
            var gateway = IpAddress.FromIPv4(0xA9FE0101); // 169.254.1.1
            table.Add(new NodeRoute
            {
                Network = new Cidr(IpAddress.FromIPv4(0), 0),
                Gateway = gateway.ToString(),
                Device = "eth0",
                Node = pod.Node,
                Namespace = pod.Namespace,
                Pod = pod.Name,
                Cluster = cluster,
            });
            table.Add(new NodeRoute
            {
                Network = new Cidr(gateway, 32),
                Device = "eth0",
                Scope = NodeRoute.ScopeLink,
                Node = pod.Node,
                Namespace = pod.Namespace,
                Pod = pod.Name,
                Cluster = cluster,
            });
        }
        return table.ToList();
    }

    // A sandbox with its network set up: running, or on its way out.
    private static bool HasNetwork(Pod pod) =>
        pod.Node.Length > 0 && (pod.Status == PodStatus.Running || pod.Status == PodStatus.Terminating);

    // Own block: BIRD's static blackhole (IPIP / no-encap pool, or a block no pool holds any
    // more, which calico_kernel_programming accepts), Felix's for a VXLAN pool. Never for a /32
    // block: it would shadow the CNI's route for the one pod in it.
    private void AddBlackhole(RouteTable table, Node local, Cidr block, bool vxlan)
    {
        if (block.PrefixLength == 32)
        {
            return;
        }
        table.Add(new NodeRoute
        {
            Network = block,
            Type = NodeRouteType.Blackhole,
            Protocol = vxlan ? NodeRoute.ProtocolFelix : NodeRoute.ProtocolBird,
            Node = local.Name,
            Cluster = _cluster,
        });
    }

    // The CNI's route for each IPv4 address of a pod on this node (SetupRoutes; Felix keeps
    // it from the workload endpoint, whatever IPAM says of the address since).
    private void AddLocalPod(RouteTable table, Node local, Pod pod)
    {
        if (pod.Node != local.Name || !HasNetwork(pod))
        {
            return;
        }
        foreach (var ip in pod.IPs)
        {
            if (!ip.IsIPv6)
            {
                table.Add(new NodeRoute
                {
                    Network = new Cidr(ip, 32),
                    Device = pod.Interface,
                    Scope = NodeRoute.ScopeLink,
                    Node = local.Name,
                    Cluster = _cluster,
                });
            }
        }
    }

    private static bool Holds(Pod pod, IpAddress address)
    {
        foreach (var ip in pod.IPs)
        {
            if (ip == address)
            {
                return true;
            }
        }
        return false;
    }

    // Whether a non-affine address reaches other nodes at all.
    // VXLAN (Felix, from IPAM): every allocation with a node, except a node's tunnel address,
    // which l3rr types REMOTE_TUNNEL and v3.29's vxlan_mgr ignores.
    // BIRD: the owner must have a kernel or direct route for it (a pod there holding it, or its
    // tunl0 address) and export it: the pool must exist and not have disableBGPExport.
    private bool IsAdvertised(NonAffineAllocation borrowed, IpPool? pool, bool vxlan)
    {
        if (_findNode(borrowed.Host) is not { } owner)
        {
            return false;
        }
        var address = _cache.Text(borrowed.Address);
        if (vxlan)
        {
            return owner.VxlanTunnelAddress != address && owner.IpipTunnelAddress != address;
        }
        if (pool is null || pool.DisableBgpExport)
        {
            return false;
        }
        if (owner.IpipTunnelAddress == address)
        {
            return true;
        }
        return borrowed.Namespace.Length > 0 && borrowed.Pod.Length > 0
            && _findPod(borrowed.Namespace, borrowed.Pod) is { } pod && pod.Node == owner.Name && HasNetwork(pod)
            && Holds(pod, borrowed.Address);
    }

    // A route towards another node's block or address.
    private void AddRemote(RouteTable table, Node local, Cidr destination, string remoteName, IpPool? pool, bool vxlan, bool isBlock)
    {
        if (_findNode(remoteName) is not { } remote || remote.Address.IsIPv6)
        {
            return;
        }
        var remoteIp = remote.Address.Address;
        var sameSubnet = local.Address.Contains(remoteIp);
        NodeRoute? route;
        if (vxlan)
        {
            route = FelixVxlanRoute(local, remote, destination, pool!, sameSubnet);
        }
        else
        {
            // calico_aggr exports the node's own confirmed block before the pool test, so a block
            // needs no pool; a /32 does (the export filter ends in reject). disableBGPExport pools
            // are rejected first of all.
            if (pool is not null ? pool.DisableBgpExport : !isBlock)
            {
                return;
            }
            route = BirdRoute(local, remoteIp, destination, pool, sameSubnet);
        }
        if (route is not null)
        {
            table.Add(route);
        }
    }

    private NodeRoute? FelixVxlanRoute(Node local, Node remote, Cidr destination, IpPool pool, bool sameSubnet)
    {
        if (local.VxlanTunnelAddress.Length == 0)
        {
            return null; // no local VTEP: no vxlan.calico device and no parent interface
        }
        // l3rr: SameSubnet = poolAllowsCrossSubnet && nodeInOurSubnet(remote).
        var crossSubnet = pool.VxlanMode == EncapsulationMode.CrossSubnet || pool.IpipMode == EncapsulationMode.CrossSubnet;
        if (crossSubnet && sameSubnet)
        {
            return new NodeRoute
            {
                Network = destination,
                Gateway = _cache.Text(remote.Address.Address),
                Device = local.Interface,
                Protocol = NodeRoute.ProtocolFelix,
                OnLink = true,
                Node = local.Name,
                Cluster = _cluster,
            };
        }
        if (remote.VxlanTunnelAddress.Length == 0)
        {
            return null; // no remote VTEP yet
        }
        return new NodeRoute
        {
            Network = destination,
            Gateway = remote.VxlanTunnelAddress,
            Device = VxlanDevice,
            OnLink = true,
            Node = local.Name,
            Cluster = _cluster,
        };
    }

    private NodeRoute? BirdRoute(Node local, IpAddress nextHop, Cidr destination, IpPool? pool, bool sameSubnet)
    {
        var ipip = pool?.IpipMode ?? EncapsulationMode.Never;
        if (ipip == EncapsulationMode.Always || (ipip == EncapsulationMode.CrossSubnet && !sameSubnet))
        {
            return new NodeRoute
            {
                Network = destination,
                Gateway = _cache.Text(nextHop),
                Device = IpipDevice,
                Protocol = NodeRoute.ProtocolBird,
                OnLink = true,
                Node = local.Name,
                Cluster = _cluster,
            };
        }
        // gateway recursive: the next hop itself when it is on the link, else whatever route
        // reaches it (the default route); no such route, no kernel route.
        var gateway = sameSubnet ? nextHop : HostRoutes.DefaultGateway(local.Address);
        if (gateway is null)
        {
            return null;
        }
        return new NodeRoute
        {
            Network = destination,
            Gateway = _cache.Text(gateway.Value),
            Device = local.Interface,
            Protocol = NodeRoute.ProtocolBird,
            Node = local.Name,
            Cluster = _cluster,
        };
    }
}

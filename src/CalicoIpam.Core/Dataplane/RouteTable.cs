using System;
using System.Collections.Generic;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Dataplane;

/// <summary>
/// Collects the routes of one main table and hands them back in the order <c>ip route</c>
/// lists them. iproute2 does not sort: it prints the kernel's RTM_GETROUTE dump as it comes.
/// For IPv4 the kernel dumps its FIB trie (net/ipv4/fib_trie.c <c>fib_table_dump</c>) leaf by
/// leaf in ascending key order (<c>leaf_walk_rcu</c>, then <c>key = l-&gt;key + 1</c>; the key is
/// the destination network address, so 0.0.0.0/0, the default route, comes first). The routes
/// of one leaf, i.e. of one network address, are the leaf's aliases, which
/// <c>fib_insert_alias</c> keeps sorted by suffix length (32 - prefix) ascending: the longest
/// prefix first. So <c>10.48.110.0</c> (/32) is listed before <c>blackhole 10.48.110.0/26</c>,
/// which is listed before <c>10.48.110.14</c>.
/// A destination holds at most one route here (same table, tos 0, no metric); a second one
/// for the same destination replaces the first, as a netlink RTM_NEWROUTE with NLM_F_REPLACE does.
/// </summary>
public sealed class RouteTable
{
    private readonly Dictionary<Cidr, NodeRoute> _routes = new();

    public int Count => _routes.Count;

    /// <summary>Adds (or replaces) the route for <paramref name="route"/>'s destination.</summary>
    public void Add(NodeRoute route)
    {
        if (route.Network.IsIPv6)
        {
            // `ip route` lists the IPv4 table; `ip -6 route` is another table.
            throw new ArgumentException("Only IPv4 routes belong in an `ip route` table.", nameof(route));
        }
        _routes[route.Network.Masked] = route;
    }

    /// <summary>True when a route for exactly this destination is present.</summary>
    public bool Contains(Cidr destination) => _routes.ContainsKey(destination.Masked);

    /// <summary>The routes in the kernel's dump order.</summary>
    public IReadOnlyList<NodeRoute> ToList()
    {
        var routes = new NodeRoute[_routes.Count];
        _routes.Values.CopyTo(routes, 0);
        Array.Sort(routes, DumpOrder.Instance);
        return routes;
    }

    /// <summary>fib_table_dump's order for IPv4: network address ascending, then prefix length descending.</summary>
    public sealed class DumpOrder : IComparer<NodeRoute>
    {
        public static readonly DumpOrder Instance = new();

        public int Compare(NodeRoute? x, NodeRoute? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }
            if (x is null)
            {
                return -1;
            }
            if (y is null)
            {
                return 1;
            }
            var c = x.Network.Network.ToUInt32().CompareTo(y.Network.Network.ToUInt32());
            return c != 0 ? c : y.Network.PrefixLength.CompareTo(x.Network.PrefixLength);
        }
    }
}

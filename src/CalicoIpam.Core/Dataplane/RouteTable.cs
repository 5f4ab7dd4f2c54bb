using System;
using System.Collections.Generic;

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
/// which is listed before <c>10.48.110.14</c>, and 10.48.20.0/26 before 10.48.110.0/26 (numeric,
/// not text, order).
/// A destination holds at most one route here (same table, tos 0, no metric); a later one for
/// the same destination replaces the earlier, as a netlink RTM_NEWROUTE with NLM_F_REPLACE does.
/// </summary>
public sealed class RouteTable
{
    // Sort key: address (32 bits) | suffix length (6 bits) | insertion index (26 bits).
    private const int IndexBits = 26;
    private const int MaxRoutes = 1 << IndexBits;

    private readonly List<NodeRoute> _routes = new();
    private readonly List<ulong> _keys = new();

    public int Count => _routes.Count;

    /// <summary>Adds the route (replacing any earlier one for the same destination).</summary>
    public void Add(NodeRoute route)
    {
        if (route.Network.IsIPv6)
        {
            // `ip route` lists the IPv4 table; `ip -6 route` is another table.
            throw new ArgumentException("Only IPv4 routes belong in an `ip route` table.", nameof(route));
        }
        if (_routes.Count >= MaxRoutes)
        {
            throw new InvalidOperationException("Too many routes for one table.");
        }
        var network = route.Network;
        var address = (ulong)network.Network.ToUInt32();
        var suffix = (ulong)(uint)(32 - network.PrefixLength);
        var index = (ulong)(uint)_routes.Count;
        _keys.Add((address << 32) | (suffix << IndexBits) | index);
        _routes.Add(route);
    }

    /// <summary>The routes in the kernel's dump order, one per destination.</summary>
    public IReadOnlyList<NodeRoute> ToList()
    {
        var keys = _keys.ToArray();
        var routes = _routes.ToArray();
        Array.Sort(keys, routes);
        var result = new List<NodeRoute>(routes.Length);
        for (var i = 0; i < routes.Length; i++)
        {
            // Equal destinations sort together, in insertion order: keep the last.
            if (i + 1 < routes.Length && keys[i + 1] >> IndexBits == keys[i] >> IndexBits)
            {
                continue;
            }
            result.Add(routes[i]);
        }
        return result;
    }
}

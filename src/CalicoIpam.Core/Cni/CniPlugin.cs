using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Cni;

/// <summary>What the CNI ADD gave a pod: its addresses, or the error kubelet reports.</summary>
internal sealed record CniResult(IReadOnlyList<IpAddress> Ips, string? Error);

/// <summary>
/// The Calico CNI plugin with calico-ipam, as far as addresses go (cni-plugin/pkg/k8s/k8s.go and
/// pkg/ipamplugin/ipam_plugin.go): the ipAddrs annotation means AssignIP; otherwise the pools
/// come from the pod's annotation, else the namespace's, else every pool that selects the node,
/// and IPAM auto-assigns one address per family.
/// </summary>
internal static class CniPlugin
{
    public static CniResult Add(IpamState state, IpamContext context, Pod pod, Namespace? ns, bool assignIpv6)
    {
        var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["namespace"] = pod.Namespace,
            ["node"] = pod.Node,
            ["pod"] = pod.Name,
            ["timestamp"] = GoTime.UtcString(context.Now),
        };
        try
        {
            if (pod.Annotations.TryGetValue(CniNames.IpAddrsAnnotation, out var ipAddrs) && ipAddrs.Length > 0)
            {
                return new CniResult(AssignRequested(state, context, pod, ipAddrs, attributes), null);
            }
            return AutoAssign(state, context, pod, ns, attributes, assignIpv6);
        }
        catch (Exception e) when (e is IpamException or FormatException)
        {
            // The ADD failed: kubelet's CNI DEL releases whatever the sandbox's handle got
            // (dual-stack is all-or-nothing).
            Releaser.ReleaseByHandle(state, context, pod.Handle);
            return new CniResult(Array.Empty<IpAddress>(), e.Message);
        }
    }

    /// <summary>CNI DEL: release everything the pod's handle holds.</summary>
    public static void Delete(IpamState state, IpamContext context, Pod pod)
    {
        if (pod.ContainerId.Length > 0)
        {
            Releaser.ReleaseByHandle(state, context, pod.Handle);
        }
    }

    private static CniResult AutoAssign(IpamState state, IpamContext context, Pod pod, Namespace? ns,
        IReadOnlyDictionary<string, string> attributes, bool assignIpv6)
    {
        // Pod annotation over namespace annotation (k8s.go, then the IPAM plugin's namespace lookup).
        var v4Names = PoolsAnnotation(pod, ns, CniNames.Ipv4PoolsAnnotation);
        var v6Names = PoolsAnnotation(pod, ns, CniNames.Ipv6PoolsAnnotation);
        var v4Pools = ResolvePools(context, v4Names, ipv4: true);
        var v6Pools = ResolvePools(context, v6Names, ipv4: false);

        var ips = new List<IpAddress>();
        var v4 = AutoAssigner.AutoAssign(state, context, Request(pod, attributes, v4Pools, ipv6: false));
        if (v4.PartialFulfillmentError() is { } v4Error)
        {
            Releaser.ReleaseByHandle(state, context, pod.Handle);
            return new CniResult(Array.Empty<IpAddress>(), "failed to request IPv4 addresses: " + v4Error);
        }
        ips.AddRange(v4.Ips.Select(c => c.Address));
        if (assignIpv6)
        {
            var v6 = AutoAssigner.AutoAssign(state, context, Request(pod, attributes, v6Pools, ipv6: true));
            if (v6.PartialFulfillmentError() is { } v6Error)
            {
                Releaser.ReleaseByHandle(state, context, pod.Handle);
                return new CniResult(Array.Empty<IpAddress>(), "failed to request IPv6 addresses: " + v6Error);
            }
            ips.AddRange(v6.Ips.Select(c => c.Address));
        }
        return new CniResult(ips, null);
    }

    private static AutoAssignRequest Request(Pod pod, IReadOnlyDictionary<string, string> attributes, IReadOnlyList<Cidr> pools, bool ipv6) => new()
    {
        Host = pod.Node,
        Count = 1,
        IPv6 = ipv6,
        HandleId = pod.Handle,
        Attributes = attributes,
        Use = IpPoolAllowedUse.Workload,
        RequestedPools = pools,
    };

    private static IReadOnlyList<string> PoolsAnnotation(Pod pod, Namespace? ns, string key)
    {
        if (pod.Annotations.TryGetValue(key, out var podValue) && podValue.Length > 0)
        {
            return GoJson.ParseStringArray(podValue) ?? Array.Empty<string>();
        }
        if (ns is not null && ns.Annotations.TryGetValue(key, out var nsValue) && nsValue.Length > 0)
        {
            return GoJson.ParseStringArray(nsValue) ?? Array.Empty<string>();
        }
        return Array.Empty<string>();
    }

    // utils.ResolvePools: each entry is a CIDR or a pool name, kept in the given order.
    private static IReadOnlyList<Cidr> ResolvePools(IpamContext context, IReadOnlyList<string> entries, bool ipv4)
    {
        var result = new List<Cidr>();
        foreach (var entry in entries)
        {
            if (!Cidr.TryParse(entry, out var cidr))
            {
                var pool = context.Pools.FirstOrDefault(p => p.Name == entry)
                    ?? throw new IpamException(IpamError.InvalidPoolReference,
                        $"error parsing pool \"{entry}\": invalid CIDR address: {entry}");
                cidr = pool.Network;
            }
            var network = cidr.Masked;
            if (ipv4 && network.IsIPv6)
            {
                throw new IpamException(IpamError.InvalidPoolReference, $"\"{network.Network}\" isn't a IPv4 address");
            }
            if (!ipv4 && !network.IsIPv6)
            {
                throw new IpamException(IpamError.InvalidPoolReference, $"\"{network.Network}\" isn't a IPv6 address");
            }
            result.Add(network);
        }
        return result;
    }

    // ipAddrsResult: one AssignIP per address, IPv4 and/or IPv6 at most once each.
    private static IReadOnlyList<IpAddress> AssignRequested(IpamState state, IpamContext context, Pod pod, string annotation,
        IReadOnlyDictionary<string, string> attributes)
    {
        const string key = CniNames.IpAddrsAnnotation;
        IReadOnlyList<string>? entries;
        try
        {
            entries = GoJson.ParseStringArray(annotation);
        }
        catch (FormatException e)
        {
            throw new FormatException($"failed to parse IPs {annotation} for annotation \"{key}\": failed to parse '{annotation}' as JSON: {e.Message}");
        }
        if (entries is null || entries.Count == 0)
        {
            throw new FormatException($"annotation \"{key}\" specified but empty");
        }
        var addresses = new List<IpAddress>();
        bool hasV4 = false, hasV6 = false;
        foreach (var entry in entries)
        {
            if (!IpAddress.TryParse(entry, out var address))
            {
                throw new FormatException($"invalid IP format: {entry}");
            }
            if (address.IsIPv6 ? hasV6 : hasV4)
            {
                throw new FormatException($"cannot have more than one IPv{(address.IsIPv6 ? 6 : 4)} address for \"{key}\" annotation");
            }
            hasV4 |= !address.IsIPv6;
            hasV6 |= address.IsIPv6;
            addresses.Add(address);
        }
        foreach (var address in addresses)
        {
            try
            {
                SpecificAssigner.AssignIp(state, context, address, pod.Node, pod.Handle, attributes);
            }
            catch (IpamException e)
            {
                Releaser.ReleaseByHandle(state, context, pod.Handle);
                throw new IpamException(e.Error, "error getting IP from IPAM: " + e.Message);
            }
        }
        return addresses;
    }
}

/// <summary>Go's time.Time.String() of a UTC time: "2006-01-02 15:04:05.999999999 +0000 UTC"
/// (trailing zeros of the fraction dropped), as the CNI plugin's timestamp attribute holds it.</summary>
internal static class GoTime
{
    public static string UtcString(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var text = utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var nanos = (utc.Ticks % TimeSpan.TicksPerSecond) * 100;
        if (nanos > 0)
        {
            text += "." + nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        }
        return text + " +0000 UTC";
    }
}

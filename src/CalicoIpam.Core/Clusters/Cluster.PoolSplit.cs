using System;
using System.Collections.Generic;
using System.Numerics;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Clusters;

/// <summary>calicoctl ipam split (calicoctl/calicoctl/commands/ipam/split.go).</summary>
public sealed partial class Cluster
{
    /// <summary>
    /// Splits a pool into <paramref name="parts"/> equal pools named split-&lt;name&gt;-&lt;i&gt;,
    /// in address order, with the old pool's spec. The old pool goes without releasing
    /// anything, so blocks and affinities carry over to the children. Calico's own texts on
    /// failure; unlike calicoctl (which disables the pool first) a failure changes nothing.
    /// </summary>
    public IReadOnlyList<IpPool> SplitPool(string name, int parts)
    {
        lock (_gate)
        {
            if (!_pools.TryGetValue(name, out var old))
            {
                var missing = ResourceNotFoundException.Calico("IPPool", "ippools", name);
                throw new IpamException(IpamError.PoolNotFound, $"unable to find IP pool with name {name}: {missing.Message}");
            }
            var children = new List<IpPool>();
            foreach (var (childName, cidr) in ChildNetworks(old, parts))
            {
                var spec = old.ToSpec() with { Cidr = cidr.ToString(), Disabled = false };
                try
                {
                    // UnsafeCreate: the usual validation, but no overlap check.
                    children.Add(IpPoolValidator.ValidateCreate(childName, spec, Array.Empty<IpPool>()));
                }
                catch (CalicoValidationException e)
                {
                    throw new IpamException(IpamError.InvalidRequest, $"error using unsafe create to make split pool with cidr {cidr}: {e.Message}");
                }
                if (_pools.ContainsKey(childName))
                {
                    throw new IpamException(IpamError.InvalidRequest,
                        $"error using unsafe create to make split pool with cidr {cidr}: resource already exists: IPPool({childName})");
                }
            }
            _pools.Remove(name);
            _ipam.ForgetPool(old);
            var created = new List<IpPool>();
            foreach (var child in children)
            {
                var stored = child with { CreationTimestamp = Tick(), Uid = Random.NextUid(), Cluster = this };
                _pools.Add(stored.Name, stored);
                created.Add(stored);
            }
            PoolsChanged();
            return created;
        }
    }

    // splitCIDR: parts must be a power of two other than 1; the children are in address order.
    private static IEnumerable<(string Name, Cidr Cidr)> ChildNetworks(IpPool pool, int parts)
    {
        var power = 0;
        while ((1 << power) < parts && power < 31)
        {
            power++;
        }
        if (parts <= 1 || (1 << power) != parts)
        {
            throw new IpamException(IpamError.InvalidRequest,
                $"error splitting the CIDR {pool.Cidr} into {parts} CIDRs: number to split CIDR into is not a valid power of 2: {parts}");
        }
        var network = pool.Network;
        if (network.PrefixLength + power > network.BitLength)
        {
            throw new IpamException(IpamError.InvalidRequest,
                $"error splitting the CIDR {pool.Cidr} into {parts} CIDRs: the CIDR {pool.Cidr} is not large enough to be split into {parts} parts");
        }
        var prefix = network.PrefixLength + power;
        var step = BigInteger.One << (network.BitLength - prefix);
        var start = network.Network.ToBigInteger();
        var result = new List<(string, Cidr)>();
        for (var i = 0; i < parts; i++)
        {
            var childName = $"split-{(pool.Name.Length > 245 && $"split-{pool.Name}-{i}".Length > 253 ? pool.Name.Substring(0, 245) : pool.Name)}-{i}";
            result.Add((childName, new Cidr(IpAddress.FromBigInteger(start + step * i, network.IsIPv6), prefix)));
        }
        return result;
    }
}

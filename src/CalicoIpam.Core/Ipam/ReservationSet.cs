using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Ipam;

/// <summary>
/// The union of every IPReservation's reservedCIDRs (Calico's cidrSliceFilter): which addresses
/// auto-assign must skip, and whether a whole block is covered.
/// </summary>
internal sealed class ReservationSet
{
    public static readonly ReservationSet None = new(Enumerable.Empty<Cidr>());

    private readonly Cidr[] _cidrs;

    public ReservationSet(IEnumerable<Cidr> cidrs)
    {
        // Keep only outermost networks: CIDRs are nested or disjoint, so this makes them disjoint.
        var sorted = cidrs.Select(c => c.Masked).Distinct().OrderBy(c => c.PrefixLength).ToList();
        var kept = new List<Cidr>();
        foreach (var cidr in sorted)
        {
            if (!kept.Any(k => k.Overlaps(cidr)))
            {
                kept.Add(cidr);
            }
        }
        _cidrs = kept.ToArray();
    }

    public bool IsEmpty => _cidrs.Length == 0;

    public bool IsReserved(IpAddress address)
    {
        foreach (var cidr in _cidrs)
        {
            if (cidr.Contains(address))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>True when reservations cover every address of <paramref name="block"/> (MatchesWholeCIDR).</summary>
    public bool CoversWhole(Cidr block)
    {
        if (_cidrs.Length == 0)
        {
            return false;
        }
        System.Numerics.BigInteger covered = 0;
        foreach (var cidr in _cidrs)
        {
            if (!cidr.Overlaps(block))
            {
                continue;
            }
            if (cidr.PrefixLength <= block.PrefixLength)
            {
                return true;
            }
            covered += cidr.Size;
        }
        return covered >= block.Size;
    }
}

using System.Numerics;

namespace CalicoIpam.Core.Ipam;

/// <summary>
/// One row of calicoctl ipam show: an IP pool, or (with --show-blocks) one of its blocks.
/// Counted as Calico v3.29-v3.32 counts: in use = capacity minus free ordinals, over every
/// block that overlaps the pool; free = total minus in use.
/// </summary>
public sealed record IpamUtilization
{
    /// <summary>"IP Pool" or "Block", as calicoctl's GROUPING column says.</summary>
    public required string Grouping { get; init; }

    public required string Cidr { get; init; }

    /// <summary>The pool the row belongs to; empty for blocks no pool holds (orphaned allocation blocks).</summary>
    public required string Pool { get; init; }

    public required BigInteger Total { get; init; }

    public required BigInteger InUse { get; init; }

    public BigInteger Free => Total - InUse;

    /// <summary>Percent in use, as calicoctl computes it (float64 division).</summary>
    public double InUsePercent => Total.IsZero ? 0 : 100 * (double)InUse / (double)Total;

    public double FreePercent => Total.IsZero ? 0 : 100 * (double)Free / (double)Total;

    /// <summary>The IPS TOTAL cell: Go's %.5g.</summary>
    public string TotalText => Text.GoFormat.G((double)Total, 5);

    /// <summary>The IPS IN USE cell: "%.5g (%.f%%)", e.g. "5 (8%)".</summary>
    public string InUseText => Text.GoFormat.G((double)InUse, 5) + " (" + Text.GoFormat.F0(InUsePercent) + "%)";

    /// <summary>The IPS FREE cell, e.g. "59 (92%)".</summary>
    public string FreeText => Text.GoFormat.G((double)Free, 5) + " (" + Text.GoFormat.F0(FreePercent) + "%)";

    public Clusters.Cluster? Cluster { get; init; }
}

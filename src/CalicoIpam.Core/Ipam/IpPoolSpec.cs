using System;
using System.Collections.Generic;

namespace CalicoIpam.Core.Ipam;

/// <summary>
/// An IPPool spec as a user wrote it, before Calico's defaulting and validation. Fields are raw
/// text (as in YAML), so the validator can report exactly what Calico reports for bad values;
/// empty or zero means "not set" and gets Calico's default.
/// </summary>
public sealed record IpPoolSpec
{
    public string Cidr { get; init; } = "";

    /// <summary>0 means unset: 26 for IPv4, 122 for IPv6.</summary>
    public int BlockSize { get; init; }

    public string IpipMode { get; init; } = "";

    public string VxlanMode { get; init; } = "";

    public bool NatOutgoing { get; init; }

    public bool Disabled { get; init; }

    public bool DisableBgpExport { get; init; }

    public string NodeSelector { get; init; } = "";

    public IReadOnlyList<string> AllowedUses { get; init; } = Array.Empty<string>();

    /// <summary>Null or empty means unset (Automatic).</summary>
    public string? AssignmentMode { get; init; }
}

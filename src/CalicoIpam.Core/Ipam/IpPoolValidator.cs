using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CalicoIpam.Core.Net;
using CalicoIpam.Core.Selectors;

namespace CalicoIpam.Core.Ipam;

/// <summary>
/// Calico's IPPool create/update validation, in its order and with its texts: first
/// clientv3 validateAndSetDefaults (calico-routes-validation.md §1.4), and only if that passes,
/// the struct validator (metadata name, mode and selector tags, allowed uses).
/// </summary>
public static class IpPoolValidator
{
    private static readonly Cidr Ipv4LinkLocal = Net.Cidr.Parse("169.254.0.0/16");
    private static readonly Cidr Ipv6LinkLocal = Net.Cidr.Parse("fe80::/10");

    /// <summary>Validates a new pool against the pools that exist; returns the stored form.</summary>
    public static IpPool ValidateCreate(string name, IpPoolSpec spec, IEnumerable<IpPool> existingPools) =>
        Validate(name, spec, old: null, existingPools);

    /// <summary>Validates a change to <paramref name="old"/>; overlap is not re-checked on update.</summary>
    public static IpPool ValidateUpdate(IpPool old, IpPoolSpec spec) =>
        Validate(old.Name, spec, old, Array.Empty<IpPool>());

    /// <summary>
    /// A crd.projectcalico.org/v1 IPPool written directly: the CRD schema only checks types,
    /// none of Calico's rules (calico-routes-validation.md §1.1). The simulator still needs a
    /// CIDR it can read, mode and use names it knows, and a block no larger than the pool, so
    /// those are refused; overlaps, unmasked CIDRs and odd block sizes are accepted.
    /// </summary>
    public static IpPool ValidateCrd(string name, IpPoolSpec spec)
    {
        if (!Net.Cidr.TryParse(spec.Cidr, out var parsed))
        {
            throw Fail(new ErroredField("IPPool.Spec.CIDR", spec.Cidr, "IPPool CIDR must be a valid subnet"));
        }
        var blockSize = spec.BlockSize != 0 ? spec.BlockSize : parsed.IsIPv6 ? 122 : 26;
        if (blockSize < parsed.PrefixLength || blockSize > parsed.BitLength)
        {
            throw Fail(new ErroredField("IPPool.Spec.BlockSize", Text(blockSize),
                "the simulator cannot use a block size outside the pool's prefix length and the address length"));
        }
        var defaulted = new Defaulted(parsed.Masked, blockSize,
            spec.IpipMode.Length == 0 ? nameof(EncapsulationMode.Never) : spec.IpipMode,
            spec.VxlanMode.Length == 0 ? nameof(EncapsulationMode.Never) : spec.VxlanMode,
            string.IsNullOrEmpty(spec.NodeSelector) ? "all()" : spec.NodeSelector,
            spec.AllowedUses.Count == 0 ? IpPool.DefaultAllowedUses.Select(u => u.ToString()).ToArray() : spec.AllowedUses,
            string.IsNullOrEmpty(spec.AssignmentMode) ? nameof(AssignmentMode.Automatic) : spec.AssignmentMode!,
            spec);
        return ValidateStruct(name, defaulted, old: null);
    }

    private static IpPool Validate(string name, IpPoolSpec spec, IpPool? old, IEnumerable<IpPool> existingPools)
    {
        var defaulted = ValidateAndSetDefaults(name, spec, old, existingPools);
        return ValidateStruct(name, defaulted, old);
    }

    // Stage 1: clientv3 ipPools.validateAndSetDefaults. Errors accumulate, except the two early
    // returns Calico makes for a missing or unparsable CIDR.
    private static Defaulted ValidateAndSetDefaults(string name, IpPoolSpec spec, IpPool? old, IEnumerable<IpPool> existingPools)
    {
        if (string.IsNullOrEmpty(spec.Cidr))
        {
            throw Fail(new ErroredField("IPPool.Spec.CIDR", null, "IPPool CIDR must be specified"));
        }
        if (!Net.Cidr.TryParse(spec.Cidr, out var parsed))
        {
            throw Fail(new ErroredField("IPPool.Spec.CIDR", spec.Cidr, "IPPool CIDR must be a valid subnet"));
        }

        var errors = new List<ErroredField>();
        var network = parsed.Masked;
        var cidrText = network.ToString();

        if (old is not null && old.Network != network)
        {
            errors.Add(new ErroredField("IPPool.Spec.CIDR", cidrText, "IPPool CIDR cannot be modified"));
        }

        var blockSize = spec.BlockSize != 0 ? spec.BlockSize : parsed.IsIPv6 ? 122 : 26;
        if (old is not null && old.BlockSize != blockSize)
        {
            errors.Add(new ErroredField("IPPool.Spec.BlockSize", Text(blockSize), "IPPool BlockSize cannot be modified"));
        }
        if (!parsed.IsIPv6 && (blockSize > 32 || blockSize < 20))
        {
            errors.Add(new ErroredField("IPPool.Spec.BlockSize", Text(blockSize), "IPv4 block size must be between 20 and 32"));
        }
        if (parsed.IsIPv6 && (blockSize > 128 || blockSize < 116))
        {
            errors.Add(new ErroredField("IPPool.Spec.BlockSize", Text(blockSize), "IPv6 block size must be between 116 and 128"));
        }

        if (!spec.Disabled && network.PrefixLength > blockSize)
        {
            errors.Add(new ErroredField("IPPool.Spec.CIDR", cidrText,
                "IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size."));
        }

        if (old is null)
        {
            // One error per overlapped pool, in the datastore's (name) order; a pool of the same
            // name is skipped so that an apply of an existing pool reaches the update path.
            foreach (var other in existingPools.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                if (other.Name != name && other.Network.Overlaps(network))
                {
                    errors.Add(new ErroredField("IPPool.Spec.CIDR", cidrText,
                        $"IPPool({name}) CIDR overlaps with IPPool({other.Name}) CIDR {other.Cidr}"));
                }
            }
        }

        var ipipMode = spec.IpipMode.Length == 0 ? nameof(EncapsulationMode.Never) : spec.IpipMode;
        var vxlanMode = spec.VxlanMode.Length == 0 ? nameof(EncapsulationMode.Never) : spec.VxlanMode;
        if (vxlanMode != nameof(EncapsulationMode.Never) && ipipMode != nameof(EncapsulationMode.Never))
        {
            errors.Add(new ErroredField("IPPool.Spec.VXLANMode", vxlanMode, "Cannot enable both VXLAN and IPIP on the same IPPool"));
        }
        if (parsed.IsIPv6 && ipipMode != nameof(EncapsulationMode.Never))
        {
            errors.Add(new ErroredField("IPPool.Spec.IPIPMode", ipipMode, "IPIP is not supported on an IPv6 IP pool"));
        }

        if (!parsed.IsStrictlyMasked)
        {
            errors.Add(new ErroredField("IPPool.Spec.CIDR", cidrText, "IPPool CIDR is not strictly masked"));
        }
        if (!parsed.IsIPv6 && network.Overlaps(Ipv4LinkLocal))
        {
            errors.Add(new ErroredField("IPPool.Spec.CIDR", cidrText, "IPPool CIDR overlaps with IPv4 Link Local range 169.254.0.0/16"));
        }
        if (parsed.IsIPv6 && network.Overlaps(Ipv6LinkLocal))
        {
            errors.Add(new ErroredField("IPPool.Spec.CIDR", cidrText, "IPPool CIDR overlaps with IPv6 Link Local range fe80::/10"));
        }

        if (errors.Count > 0)
        {
            throw new CalicoValidationException("IPPool", errors);
        }

        return new Defaulted(
            network,
            blockSize,
            ipipMode,
            vxlanMode,
            string.IsNullOrEmpty(spec.NodeSelector) ? "all()" : spec.NodeSelector,
            spec.AllowedUses.Count == 0 ? IpPool.DefaultAllowedUses.Select(u => u.ToString()).ToArray() : spec.AllowedUses,
            string.IsNullOrEmpty(spec.AssignmentMode) ? nameof(AssignmentMode.Automatic) : spec.AssignmentMode!,
            spec);
    }

    // Stage 2: validator.Validate(res) — go-playground walks ObjectMeta, then the spec's field
    // tags in declaration order (VXLANMode, IPIPMode, NodeSelector, ...), then the spec's
    // struct-level checks. Field-tag failures carry Calico's generic extractReason text.
    private static IpPool ValidateStruct(string name, Defaulted d, IpPool? old)
    {
        var errors = new List<ErroredField>();
        ResourceNames.Validate(name, errors);

        var vxlan = ParseMode(d.VxlanMode, "VXLANMode", "vxlanMode", errors);
        var ipip = ParseMode(d.IpipMode, "IPIPMode", "ipIpMode", errors);
        if (!Selector.TryParse(d.NodeSelector, out _, out _))
        {
            errors.Add(TagError("NodeSelector", d.NodeSelector, "selector"));
        }

        if (!TryParseExact<AssignmentMode>(d.AssignmentMode, out var assignmentMode))
        {
            errors.Add(TagError("AssignmentMode", d.AssignmentMode, "assignmentMode"));
        }

        // Struct-level checks (validateIPPoolSpec) run after every field tag.
        var uses = new List<IpPoolAllowedUse>();
        foreach (var use in d.AllowedUses)
        {
            if (TryParseExact<IpPoolAllowedUse>(use, out var parsedUse))
            {
                uses.Add(parsedUse);
            }
            else
            {
                errors.Add(new ErroredField("IPpool.AllowedUses", "[" + string.Join(" ", d.AllowedUses) + "]", "unknown use: " + use));
            }
        }

        if (errors.Count > 0)
        {
            throw new CalicoValidationException("IPPool", errors);
        }

        return new IpPool
        {
            Name = name,
            Network = d.Network,
            BlockSize = d.BlockSize,
            IpipMode = ipip,
            VxlanMode = vxlan,
            NatOutgoing = d.Spec.NatOutgoing,
            Disabled = d.Spec.Disabled,
            DisableBgpExport = d.Spec.DisableBgpExport,
            NodeSelector = d.NodeSelector,
            AllowedUses = uses,
            AssignmentMode = assignmentMode,
            CreationTimestamp = old?.CreationTimestamp ?? default,
            Uid = old?.Uid ?? "",
        };
    }

    private static EncapsulationMode ParseMode(string text, string field, string tag, List<ErroredField> errors)
    {
        if (TryParseExact<EncapsulationMode>(text, out var mode))
        {
            return mode;
        }
        errors.Add(TagError(field, text, tag));
        return EncapsulationMode.Never;
    }

    // extractReason in libcalico-go/lib/validator/v3/validator.go: note the "Reason: " prefix
    // and the trailing space, both part of what Calico prints.
    private static ErroredField TagError(string field, string value, string tag) =>
        new(field, value, $"Reason: failed to validate Field: {field} because of Tag: {tag} ");

    // Calico's enums are case-sensitive regexes (^(Always|CrossSubnet|Never)$); Enum.TryParse
    // would also accept numbers and other cases.
    private static bool TryParseExact<T>(string text, out T value) where T : struct, Enum
    {
        foreach (T candidate in Enum.GetValues(typeof(T)))
        {
            if (candidate.ToString() == text)
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static CalicoValidationException Fail(ErroredField field) => new("IPPool", new[] { field });

    private sealed record Defaulted(
        Cidr Network,
        int BlockSize,
        string IpipMode,
        string VxlanMode,
        string NodeSelector,
        IReadOnlyList<string> AllowedUses,
        string AssignmentMode,
        IpPoolSpec Spec);
}

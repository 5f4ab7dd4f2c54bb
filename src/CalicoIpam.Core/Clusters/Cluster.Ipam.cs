using System;
using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Clusters;

/// <summary>The cluster's IPAM: configuration, blocks, affinities, allocations and reservations.</summary>
public sealed partial class Cluster
{
    private readonly IpamState _ipam = new();
    private IpPool[]? _poolList;

    // The pools in name order, rebuilt only after a pool change.
    private IReadOnlyList<IpPool> PoolList() => _poolList ??= _pools.Values.ToArray();

    private IpamContext IpamContext() => new(PoolList(), FindNodeLocked, Clock.Now);

    private Node? FindNodeLocked(string name) => _nodes.TryGetValue(name, out var node) ? node : null;

    public IpamConfig GetIpamConfig()
    {
        lock (_gate)
        {
            return _ipam.Config with { Cluster = this };
        }
    }

    /// <summary>SetIPAMConfig: Calico's cross-field rules, then waiting pods get another try.</summary>
    public IpamConfig SetIpamConfig(IpamConfig config)
    {
        config.Validate();
        lock (_gate)
        {
            _ipam.Config = config with { Cluster = null };
            Tick();
            RetryWaitingPods();
            return config with { Cluster = this };
        }
    }

    /// <summary>Every block, in resource-name order.</summary>
    public IReadOnlyList<IpamBlock> GetBlocks()
    {
        lock (_gate)
        {
            return _ipam.BlocksInNameOrder().Select(ToSnapshot).ToArray();
        }
    }

    /// <summary>Every block affinity, in resource-name order.</summary>
    public IReadOnlyList<BlockAffinity> GetBlockAffinities()
    {
        lock (_gate)
        {
            return _ipam.HostsWithAffinities
                .SelectMany(host => _ipam.AffineBlocks(host, false).Concat(_ipam.AffineBlocks(host, true)))
                .Select(b => new BlockAffinity { Node = b.AffinityHost!, Cidr = b.Cidr, Cluster = this })
                .OrderBy(a => a.Name, StringComparer.Ordinal)
                .ToArray();
        }
    }

    /// <summary>Every allocated address, block by block in name order, then by address.</summary>
    public IReadOnlyList<IpAllocation> GetAllocations()
    {
        lock (_gate)
        {
            return _ipam.BlocksInNameOrder()
                .SelectMany(b => b.Allocations().Select(a => ToAllocation(b, a.Ordinal, a.Attribute)))
                .ToArray();
        }
    }

    /// <summary>Who holds <paramref name="address"/> (calicoctl ipam show --ip), or null when nobody does.</summary>
    public IpAllocation? FindAllocation(IpAddress address)
    {
        lock (_gate)
        {
            var block = Releaser.FindBlockFor(_ipam, IpamContext(), address);
            if (block is null)
            {
                return null;
            }
            var ordinal = block.OrdinalOf(address);
            var attribute = block.AttributeOf(ordinal);
            return attribute is null ? null : ToAllocation(block, ordinal, attribute);
        }
    }

    /// <summary>calicoctl ipam release --ip: frees the address whoever holds it.</summary>
    public IpAllocation ReleaseIp(IpAddress address)
    {
        lock (_gate)
        {
            var held = FindAllocationLocked(address)
                ?? throw new IpamException(IpamError.NotAssigned, $"IP address {address} is not assigned");
            Releaser.ReleaseIp(_ipam, IpamContext(), address);
            Tick();
            RetryWaitingPods();
            return held;
        }
    }

    private IpAllocation? FindAllocationLocked(IpAddress address)
    {
        var block = Releaser.FindBlockFor(_ipam, IpamContext(), address);
        var attribute = block?.AttributeOf(block.OrdinalOf(address));
        return block is null || attribute is null ? null : ToAllocation(block, block.OrdinalOf(address), attribute);
    }

    // ---- reservations -------------------------------------------------------------------

    public IReadOnlyList<IpReservation> GetReservations()
    {
        lock (_gate)
        {
            return _ipam.ReservationObjects.ToArray();
        }
    }

    /// <summary>Creates an IPReservation; each entry must be a CIDR or an address.</summary>
    public IpReservation CreateReservation(string name, IReadOnlyList<string> reservedCidrs)
    {
        ValidateReservation(name, reservedCidrs);
        lock (_gate)
        {
            if (_ipam.FindReservation(name) is not null)
            {
                throw ResourceAlreadyExistsException.Calico("IPReservation", name);
            }
            var reservation = new IpReservation { Name = name, ReservedCidrs = reservedCidrs.ToArray(), CreationTimestamp = Tick(), Cluster = this };
            _ipam.PutReservation(reservation);
            return reservation;
        }
    }

    /// <summary>Creates the reservation, or replaces its CIDRs when it exists (kubectl apply).</summary>
    public IpReservation PutReservation(string name, IReadOnlyList<string> reservedCidrs)
    {
        ValidateReservation(name, reservedCidrs);
        lock (_gate)
        {
            if (_ipam.FindReservation(name) is not { } existing)
            {
                return CreateReservation(name, reservedCidrs);
            }
            var replaced = existing with { ReservedCidrs = reservedCidrs.ToArray() };
            _ipam.PutReservation(replaced);
            Tick();
            RetryWaitingPods();
            return replaced;
        }
    }

    private static void ValidateReservation(string name, IReadOnlyList<string> reservedCidrs)
    {
        var errors = new List<ErroredField>();
        ResourceNames.Validate(name, errors);
        // The field's tag is "cidrs": one error for the whole list, printed as Go prints a slice.
        if (reservedCidrs.Any(entry => !IpReservationParser.TryParse(entry, out _)))
        {
            errors.Add(new ErroredField("ReservedCIDRs", "[" + string.Join(" ", reservedCidrs) + "]",
                "Reason: failed to validate Field: ReservedCIDRs because of Tag: cidrs "));
        }
        if (errors.Count > 0)
        {
            throw new CalicoValidationException("IPReservation", errors);
        }
    }

    public IpReservation DeleteReservation(string name)
    {
        lock (_gate)
        {
            var reservation = _ipam.FindReservation(name)
                ?? throw ResourceNotFoundException.Calico("IPReservation", "ipreservations", name);
            _ipam.RemoveReservation(name);
            Tick();
            RetryWaitingPods();
            return reservation;
        }
    }

    // ---- snapshots ----------------------------------------------------------------------

    private IpamBlock ToSnapshot(AllocationBlock block) => new()
    {
        Cidr = block.Cidr,
        Affinity = block.AffinityHost ?? "",
        Pool = PoolList().FirstOrDefault(p => p.Network.Overlaps(block.Cidr))?.Name ?? "",
        Capacity = block.Capacity,
        InUse = block.InUse,
        AffinityClaimTime = block.AffinityClaimTime,
        SequenceNumber = block.SequenceNumber,
        Unallocated = block.Unallocated.ToArray(),
        Cluster = this,
    };

    private IpAllocation ToAllocation(AllocationBlock block, int ordinal, AllocationAttribute attribute) => new()
    {
        Ip = block.AddressOf(ordinal),
        Block = block.Cidr,
        Handle = attribute.HandleId ?? "",
        Node = attribute.Get("node") ?? "",
        Pod = attribute.Get("pod") ?? "",
        Namespace = attribute.Get("namespace") ?? "",
        Type = attribute.Get("type") ?? "",
        BlockOwner = block.AffinityHost ?? "",
        Attributes = attribute.ActiveOwnerAttrs,
        SequenceNumber = block.SequenceNumberForAllocation(ordinal),
        Cluster = this,
    };
}

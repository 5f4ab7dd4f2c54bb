using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Ipam;

/// <summary>
/// Calico's ipamClient.AssignIP (calico-ipam.md §6): one given address, for the ipAddrs
/// annotation. Selectors, reservations, assignmentMode and the block limit do not apply; the
/// block is claimed for the node if nobody has it.
/// </summary>
internal static class SpecificAssigner
{
    public static void AssignIp(IpamState state, IpamContext context, IpAddress address, string host, string? handleId,
        IReadOnlyDictionary<string, string> attributes)
    {
        var pool = context.Pools.FirstOrDefault(p => !p.Disabled && p.Network.Contains(address))
            ?? throw new IpamException(IpamError.NotInPool, "The provided IP address is not in a configured pool\n");
        var blockCidr = new Cidr(address, pool.BlockSize).Masked;
        var block = state.FindBlock(blockCidr) ?? state.ClaimBlock(blockCidr, host, context.Now);

        // allocationBlock.assign: the affinity checks apply only with strict affinity.
        if (state.Config.StrictAffinity)
        {
            if (block.AffinityHost is null)
            {
                throw new IpamException(IpamError.NoAffinity, $"Attempt to assign from block {block.Cidr} with no affinity");
            }
            if (block.AffinityHost != host)
            {
                throw new IpamException(IpamError.AffinityMismatch, "Block host affinity does not match");
            }
        }
        if (!block.Assign(block.OrdinalOf(address), new AllocationAttribute(handleId, attributes)))
        {
            // ErrorResourceAlreadyExists{Identifier: ip, Err: "Address already assigned in block"}
            // prints only its identifier (libcalico-go/lib/errors/errors.go).
            throw new IpamException(IpamError.AlreadyAssigned, $"resource already exists: {address}");
        }
        if (handleId is not null)
        {
            state.IncrementHandle(handleId, block.Cidr, 1);
        }
        state.Written(block);
    }
}

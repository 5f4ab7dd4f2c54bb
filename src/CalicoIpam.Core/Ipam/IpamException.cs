using System;

namespace CalicoIpam.Core.Ipam;

/// <summary>What went wrong in an IPAM call; the PowerShell layer maps each to an ErrorId.</summary>
public enum IpamError
{
    NoQualifiedPool,
    NoPoolForNode,
    PoolNotEnabled,
    BlockLimit,
    NoBlock,
    NotInPool,
    AffinityMismatch,
    NoAffinity,
    AlreadyAssigned,
    NotAssigned,
    UnknownNode,
    InvalidConfig,
    InvalidRequest,
    InvalidPoolReference,
    PoolNotFound,
}

/// <summary>An IPAM failure whose message is Calico's own text for it.</summary>
public sealed class IpamException : InvalidOperationException
{
    public IpamException(IpamError error, string message)
        : base(message)
    {
        Error = error;
    }

    public IpamError Error { get; }
}

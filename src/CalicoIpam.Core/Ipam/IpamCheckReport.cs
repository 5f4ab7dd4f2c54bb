using System.Collections.Generic;

namespace CalicoIpam.Core.Ipam;

/// <summary>
/// calicoctl ipam check's findings plus the simulator's own invariants. <see cref="ProblemCount"/>
/// counts both; <see cref="CalicoProblemCount"/> is what calicoctl's last line reports.
/// </summary>
public sealed record IpamCheckReport
{
    public required int BlockCount { get; init; }

    public required int AllocationCount { get; init; }

    public required int ActivePoolCount { get; init; }

    public required int TunnelIpCount { get; init; }

    public required int WorkloadIpCount { get; init; }

    /// <summary>(a) allocated in IPAM but used by no pod or node.</summary>
    public required int LeakedIpCount { get; init; }

    /// <summary>(b) used by a pod or node but outside every enabled pool.</summary>
    public required int InUseNotInPoolCount { get; init; }

    /// <summary>(c) used, inside an enabled pool, but with no IPAM allocation.</summary>
    public required int InUseWithoutAllocationCount { get; init; }

    /// <summary>(d) handles no allocation refers to.</summary>
    public required int LeakedHandleCount { get; init; }

    /// <summary>(f) allocations whose handle does not exist (calicoctl prints, but does not count, them).</summary>
    public required int MissingHandleCount { get; init; }

    /// <summary>Every problem found, one line each.</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    public int ProblemCount => Problems.Count;

    /// <summary>a + b + c + d: "Check complete; found N problems."</summary>
    public int CalicoProblemCount => LeakedIpCount + InUseNotInPoolCount + InUseWithoutAllocationCount + LeakedHandleCount;

    public Clusters.Cluster? Cluster { get; init; }
}

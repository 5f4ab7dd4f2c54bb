using System.Management.Automation;
using CalicoIpam.Core.Ipam;
using CalicoIpam.PowerShell.Completion;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Set-IpPool: a calicoctl update of the bound fields. cidr and blockSize are
/// immutable; changing them gets Calico's "cannot be modified" errors.</summary>
[Cmdlet(VerbsCommon.Set, "IpPool", SupportsShouldProcess = true, DefaultParameterSetName = PoolSets.ByName)]
[OutputType(typeof(IpPool))]
public sealed class SetIpPoolCommand : IpPoolSpecCmdlet
{
    /// <summary>The pools to change; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PoolSets.ByName, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(IpPoolNameCompleter))]
    public string[] Name { get; set; } = new string[0];

    /// <summary>Pools from Get-IpPool.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PoolSets.ByObject, ValueFromPipeline = true)]
    public IpPool[] InputObject { get; set; } = new IpPool[0];

    /// <summary>spec.cidr. Calico does not allow it to change; given, it is checked like any update.</summary>
    [Parameter]
    public string? Cidr { get; set; }

    protected override void BeginProcessing()
    {
        var bound = MyInvocation.BoundParameters;
        foreach (var key in new[] { nameof(Cidr), nameof(BlockSize), nameof(IpipMode), nameof(VxlanMode), nameof(NatOutgoing),
                     nameof(Disabled), nameof(DisableBgpExport), nameof(NodeSelector), nameof(AllowedUse), nameof(AssignmentMode) })
        {
            if (bound.ContainsKey(key))
            {
                return;
            }
        }
        ThrowTerminatingError(ErrorRecords.InvalidArgument(ErrorIds.NothingToSet,
            "Set-IpPool needs at least one field to change: -Cidr, -BlockSize, -IpipMode, -VxlanMode, -NatOutgoing, "
            + "-Disabled, -DisableBgpExport, -NodeSelector, -AllowedUse or -AssignmentMode.", Name));
    }

    protected override void ProcessRecord()
    {
        foreach (var pool in ResolvePools(ParameterSetName == PoolSets.ByName ? Name : null, InputObject))
        {
            var spec = ApplyBoundParameters(pool.ToSpec());
            if (Cidr is not null)
            {
                spec = spec with { Cidr = Cidr };
            }
            if (!ShouldProcess(Describe(pool.Name, pool.Cidr), "Update"))
            {
                continue;
            }
            IpPool? updated = null;
            var cluster = pool.Cluster ?? TargetCluster;
            if (TryChange(pool.Name, () => updated = cluster.UpdatePool(pool.Name, _ => spec)) && PassThru)
            {
                WriteObject(updated);
            }
        }
    }
}

using System.Management.Automation;
using CalicoIpam.Core.Ipam;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Enable-IpPool: sets spec.disabled to false, validated as a Calico update (an
/// enabled pool must be at least one block in size).</summary>
[Cmdlet(VerbsLifecycle.Enable, "IpPool", SupportsShouldProcess = true, DefaultParameterSetName = PoolSets.ByName)]
[OutputType(typeof(IpPool))]
public sealed class EnableIpPoolCommand : IpPoolTargetCmdlet
{
    /// <summary>Returns each pool after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => SetDisabled(false, "Enable", PassThru);
}

/// <summary>Disable-IpPool: sets spec.disabled to true; the pool gives no new addresses, and
/// addresses already given stay.</summary>
[Cmdlet(VerbsLifecycle.Disable, "IpPool", SupportsShouldProcess = true, DefaultParameterSetName = PoolSets.ByName)]
[OutputType(typeof(IpPool))]
public sealed class DisableIpPoolCommand : IpPoolTargetCmdlet
{
    /// <summary>Returns each pool after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => SetDisabled(true, "Disable", PassThru);
}

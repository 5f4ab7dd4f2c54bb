using System.Management.Automation;
using CalicoIpam.Core.Ipam;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Get-IpamUtilization: calicoctl ipam show [--show-blocks].</summary>
[Cmdlet(VerbsCommon.Get, "IpamUtilization")]
[OutputType(typeof(IpamUtilization))]
public sealed class GetIpamUtilizationCommand : ClusterReadCmdlet
{
    /// <summary>Also one row per block, after its pool's row (--show-blocks).</summary>
    [Parameter]
    public SwitchParameter ShowBlocks { get; set; }

    protected override void ProcessRecord() => WriteObject(TargetCluster.GetUtilization(ShowBlocks), enumerateCollection: true);
}

using System.Management.Automation;
using CalicoIpam.Core.Ipam;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Get-IpamConfig: calicoctl ipam show --show-configuration.</summary>
[Cmdlet(VerbsCommon.Get, "IpamConfig")]
[OutputType(typeof(IpamConfig))]
public sealed class GetIpamConfigCommand : ClusterReadCmdlet
{
    protected override void ProcessRecord() => WriteObject(TargetCluster.GetIpamConfig());
}

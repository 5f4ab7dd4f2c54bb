using System.Management.Automation;
using CalicoIpam.Core.Net;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Remove-IpAllocation: calicoctl ipam release --ip. Frees the address whoever holds
/// it; a pod still using it keeps using it (Test-Ipam then reports it).</summary>
[Cmdlet(VerbsCommon.Remove, "IpAllocation", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class RemoveIpAllocationCommand : ClusterChangeCmdlet
{
    /// <summary>The addresses to release.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("IPAddress")]
    public string[] Ip { get; set; } = new string[0];

    protected override void ProcessRecord()
    {
        foreach (var text in Ip)
        {
            if (!IpAddress.TryParse(text, out var address))
            {
                WriteError(ErrorRecords.InvalidArgument(ErrorIds.InvalidAddress, $"'{text}' is not an IP address.", text));
                continue;
            }
            if (!ShouldProcess($"IP address {address}", "Release"))
            {
                continue;
            }
            var cluster = TargetCluster;
            if (TryChange(text, () => cluster.ReleaseIp(address)))
            {
                WriteVerbose($"Successfully released IP address {address}");
            }
        }
    }
}

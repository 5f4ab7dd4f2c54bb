using System.Management.Automation;
using CalicoIpam.Core.Ipam;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>New-IpReservation: an IPReservation; auto-assign skips its addresses.</summary>
[Cmdlet(VerbsCommon.New, "IpReservation", SupportsShouldProcess = true)]
[OutputType(typeof(IpReservation))]
public sealed class NewIpReservationCommand : ClusterChangeCmdlet
{
    /// <summary>metadata.name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Name { get; set; } = "";

    /// <summary>spec.reservedCIDRs: CIDRs and/or single addresses.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("ReservedCidrs")]
    public string[] ReservedCidr { get; set; } = new string[0];

    /// <summary>Returns the new reservation.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (!ShouldProcess($"IPReservation '{Name}' ({string.Join(", ", ReservedCidr)})", "Create"))
        {
            return;
        }
        IpReservation? created = null;
        var cluster = TargetCluster;
        if (TryChange(Name, () => created = cluster.CreateReservation(Name, ReservedCidr)) && PassThru)
        {
            WriteObject(created);
        }
    }
}

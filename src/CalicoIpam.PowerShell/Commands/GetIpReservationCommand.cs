using System.Management.Automation;
using CalicoIpam.Core.Ipam;
using CalicoIpam.PowerShell.Completion;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Get-IpReservation: calicoctl get ipreservations.</summary>
[Cmdlet(VerbsCommon.Get, "IpReservation")]
[OutputType(typeof(IpReservation))]
public sealed class GetIpReservationCommand : ClusterReadCmdlet
{
    /// <summary>Reservation names; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(IpReservationNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var reservation in SelectByName(TargetCluster.GetReservations(), r => r.Name, Name, ErrorRecords.ReservationNotFound))
        {
            WriteObject(reservation);
        }
    }
}

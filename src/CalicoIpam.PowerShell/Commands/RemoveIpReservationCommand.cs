using System.Collections.Generic;
using System.Management.Automation;
using CalicoIpam.Core.Ipam;
using CalicoIpam.PowerShell.Completion;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Remove-IpReservation: calicoctl delete ipreservation. Addresses already given out
/// stay given out.</summary>
[Cmdlet(VerbsCommon.Remove, "IpReservation", SupportsShouldProcess = true, DefaultParameterSetName = ByName)]
[OutputType(typeof(void))]
public sealed class RemoveIpReservationCommand : ClusterChangeCmdlet
{
    private const string ByName = nameof(ByName);
    private const string ByObject = nameof(ByObject);

    /// <summary>Reservation names; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(IpReservationNameCompleter))]
    public string[] Name { get; set; } = new string[0];

    /// <summary>Reservations from Get-IpReservation.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByObject, ValueFromPipeline = true)]
    public IpReservation[] InputObject { get; set; } = new IpReservation[0];

    protected override void ProcessRecord()
    {
        var targets = new List<(IpReservation Reservation, Core.Clusters.Cluster Cluster)>();
        if (ParameterSetName == ByName)
        {
            foreach (var reservation in SelectByName(TargetCluster.GetReservations(), r => r.Name, Name, ErrorRecords.ReservationNotFound))
            {
                targets.Add((reservation, TargetCluster));
            }
        }
        else
        {
            foreach (var reservation in InputObject)
            {
                targets.Add((reservation, reservation.Cluster ?? TargetCluster));
            }
        }
        foreach (var (reservation, cluster) in targets)
        {
            if (ShouldProcess($"IPReservation '{reservation.Name}'", "Remove"))
            {
                TryChange(reservation.Name, () => cluster.DeleteReservation(reservation.Name));
            }
        }
    }
}

using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.PowerShell.State;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>New-Cluster: a fresh simulated cluster, made the runspace's current cluster.</summary>
[Cmdlet(VerbsCommon.New, "Cluster", SupportsShouldProcess = true)]
[OutputType(typeof(Cluster))]
public sealed class NewClusterCommand : PSCmdlet
{
    /// <summary>No nodes and no pools, instead of the lab cluster.</summary>
    [Parameter]
    public SwitchParameter Empty { get; set; }

    /// <summary>The seed of the cluster's own random choices (uids, pod name suffixes).</summary>
    [Parameter]
    public int Seed { get; set; } = LabCluster.DefaultSeed;

    protected override void ProcessRecord()
    {
        var what = Empty ? "empty cluster" : "lab cluster '" + LabCluster.Name + "'";
        if (!ShouldProcess($"{what} (seed {Seed})", "Create and make current"))
        {
            return;
        }
        var cluster = Empty ? LabCluster.CreateEmpty(Seed) : LabCluster.Create(Seed);
        ClusterStore.SetCurrent(cluster);
        WriteObject(cluster);
    }
}

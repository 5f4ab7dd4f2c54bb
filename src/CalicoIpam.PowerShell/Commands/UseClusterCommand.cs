using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.PowerShell.State;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Use-Cluster: makes a cluster the runspace's current one, for commands run without -Cluster.</summary>
[Cmdlet(VerbsOther.Use, "Cluster", SupportsShouldProcess = true)]
[OutputType(typeof(Cluster))]
public sealed class UseClusterCommand : PSCmdlet
{
    /// <summary>The cluster, e.g. from New-Cluster.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public Cluster Cluster { get; set; } = null!;

    /// <summary>Returns the cluster.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ShouldProcess(Cluster.ToString(), "Make current"))
        {
            ClusterStore.SetCurrent(Cluster);
            if (PassThru)
            {
                WriteObject(Cluster);
            }
        }
    }
}

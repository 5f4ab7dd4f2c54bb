using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.PowerShell.State;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Get-Cluster: the runspace's current cluster (a lab cluster on first use).</summary>
[Cmdlet(VerbsCommon.Get, "Cluster")]
[OutputType(typeof(Cluster))]
public sealed class GetClusterCommand : PSCmdlet
{
    protected override void ProcessRecord() => WriteObject(ClusterStore.GetCurrent());
}

using System.Management.Automation;
using CalicoIpam.Core.Clusters;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Restart-Deployment: kubectl rollout restart. The template gets a restartedAt
/// annotation, so every pod is replaced by a rolling update (new names, new addresses).</summary>
[Cmdlet(VerbsLifecycle.Restart, "Deployment", SupportsShouldProcess = true, DefaultParameterSetName = ByName)]
[OutputType(typeof(Deployment))]
public sealed class RestartDeploymentCommand : DeploymentTargetCmdlet
{
    /// <summary>Returns each deployment after the restart.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var (deployment, cluster) in ResolveDeployments())
        {
            if (!ShouldProcess($"Deployment '{deployment.Namespace}/{deployment.Name}'", "Restart"))
            {
                continue;
            }
            Deployment? restarted = null;
            if (TryChange(deployment.Name, () => restarted = cluster.RestartDeployment(deployment.Namespace, deployment.Name)) && PassThru)
            {
                WriteObject(restarted);
            }
        }
    }
}

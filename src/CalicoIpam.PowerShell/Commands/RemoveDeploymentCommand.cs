using System.Management.Automation;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Remove-Deployment: kubectl delete deployment; its ReplicaSets and pods go, and the
/// CNI plugin releases the pods' addresses.</summary>
[Cmdlet(VerbsCommon.Remove, "Deployment", SupportsShouldProcess = true, DefaultParameterSetName = ByName)]
[OutputType(typeof(void))]
public sealed class RemoveDeploymentCommand : DeploymentTargetCmdlet
{
    protected override void ProcessRecord()
    {
        foreach (var (deployment, cluster) in ResolveDeployments())
        {
            if (ShouldProcess($"Deployment '{deployment.Namespace}/{deployment.Name}'", "Remove"))
            {
                TryChange(deployment.Name, () => cluster.DeleteDeployment(deployment.Namespace, deployment.Name));
            }
        }
    }
}

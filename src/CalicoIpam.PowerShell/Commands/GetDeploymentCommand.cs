using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.PowerShell.Completion;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Get-Deployment: kubectl get deployments (all namespaces unless -Namespace is given).</summary>
[Cmdlet(VerbsCommon.Get, "Deployment")]
[OutputType(typeof(Deployment))]
public sealed class GetDeploymentCommand : ClusterReadCmdlet
{
    /// <summary>Deployment names; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(DeploymentNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only this namespace.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string? Namespace { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var deployment in SelectByName(TargetCluster.GetDeployments(Namespace), d => d.Name, Name,
                     name => ErrorRecords.FromEngine(ResourceNotFoundException.Kubernetes("Deployment", "deployments.apps", name), name)!))
        {
            WriteObject(deployment);
        }
    }
}

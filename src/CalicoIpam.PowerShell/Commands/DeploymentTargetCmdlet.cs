using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.PowerShell.Completion;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>The base of commands that act on existing deployments: by -Name (wildcards) and
/// -Namespace, or piped Deployment objects, each in its own cluster.</summary>
public abstract class DeploymentTargetCmdlet : ClusterChangeCmdlet
{
    protected const string ByName = nameof(ByName);
    protected const string ByObject = nameof(ByObject);

    /// <summary>Deployment names; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(DeploymentNameCompleter))]
    public string[] Name { get; set; } = new string[0];

    /// <summary>The deployments' namespace (default: default).</summary>
    [Parameter(ParameterSetName = ByName, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string Namespace { get; set; } = "default";

    /// <summary>Deployments from Get-Deployment.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByObject, ValueFromPipeline = true)]
    public Deployment[] InputObject { get; set; } = new Deployment[0];

    /// <summary>The deployments named by this call, with the cluster each belongs to.</summary>
    protected IEnumerable<(Deployment Deployment, Cluster Cluster)> ResolveDeployments()
    {
        if (ParameterSetName == ByName)
        {
            var cluster = TargetCluster;
            return SelectByName(cluster.GetDeployments(Namespace), d => d.Name, Name, DeploymentNotFound).Select(d => (d, cluster)).ToList();
        }
        return InputObject.Select(d => (d, d.Cluster ?? TargetCluster)).ToList();
    }

    private static ErrorRecord DeploymentNotFound(string name) =>
        ErrorRecords.FromEngine(ResourceNotFoundException.Kubernetes("Deployment", "deployments.apps", name), name)!;
}

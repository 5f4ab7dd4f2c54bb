using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.PowerShell.Completion;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Remove-Namespace: kubectl delete namespace. Its deployments and pods go and their
/// addresses are released. default and kube-system cannot be deleted.</summary>
[Cmdlet(VerbsCommon.Remove, "Namespace", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class RemoveNamespaceCommand : ClusterChangeCmdlet
{
    /// <summary>Namespace names; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string[] Name { get; set; } = new string[0];

    protected override void ProcessRecord()
    {
        var cluster = TargetCluster;
        foreach (var ns in SelectByName(cluster.GetNamespaces(), n => n.Name, Name, ErrorRecords.NamespaceNotFound))
        {
            if (ShouldProcess($"Namespace '{ns.Name}'", "Remove"))
            {
                TryChange(ns.Name, () => cluster.RemoveNamespace(ns.Name));
            }
        }
    }
}

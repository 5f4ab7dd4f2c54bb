using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.PowerShell.Completion;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Get-Namespace: kubectl get namespaces.</summary>
[Cmdlet(VerbsCommon.Get, "Namespace")]
[OutputType(typeof(Namespace))]
public sealed class GetNamespaceCommand : ClusterReadCmdlet
{
    /// <summary>Namespace names; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var ns in SelectByName(TargetCluster.GetNamespaces(), n => n.Name, Name, ErrorRecords.NamespaceNotFound))
        {
            WriteObject(ns);
        }
    }
}

using System.Linq;
using System.Management.Automation;
using CalicoIpam.Core.Manifests;
using CalicoIpam.PowerShell.Completion;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Get-ClusterObject: the objects the simulation stores as applied without acting on
/// them (Services, ServiceAccounts): kubectl get services,serviceaccounts.</summary>
[Cmdlet(VerbsCommon.Get, "ClusterObject")]
[OutputType(typeof(StoredObject))]
public sealed class GetClusterObjectCommand : ClusterReadCmdlet
{
    /// <summary>Object names; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    /// <summary>Only this kind, e.g. Service or ServiceAccount.</summary>
    [Parameter]
    public string? Kind { get; set; }

    /// <summary>Only this namespace.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string? Namespace { get; set; }

    protected override void ProcessRecord()
    {
        var patterns = Name?.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToArray();
        foreach (var stored in TargetCluster.GetStoredObjects())
        {
            if ((Kind is null || string.Equals(stored.Kind, Kind, System.StringComparison.OrdinalIgnoreCase))
                && (Namespace is null || stored.Namespace == Namespace)
                && (patterns is null || patterns.Any(p => p.IsMatch(stored.Name))))
            {
                WriteObject(stored);
            }
        }
    }
}

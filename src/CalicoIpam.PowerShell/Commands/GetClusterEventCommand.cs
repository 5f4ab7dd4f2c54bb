using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.PowerShell.Completion;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Get-ClusterEvent: kubectl get events, oldest first (the most recent 10,000 are kept).</summary>
[Cmdlet(VerbsCommon.Get, "ClusterEvent")]
[OutputType(typeof(ClusterEvent))]
public sealed class GetClusterEventCommand : ClusterReadCmdlet
{
    /// <summary>Only this namespace's events.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string? Namespace { get; set; }

    /// <summary>Only events about this object, e.g. pod/customer-6fd5b498b9-fjqx2; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    public string? Object { get; set; }

    /// <summary>Only Normal or Warning events.</summary>
    [Parameter]
    [ValidateSet("Normal", "Warning")]
    public string? Type { get; set; }

    protected override void ProcessRecord()
    {
        var pattern = Object is null ? null : WildcardPattern.Get(Object, WildcardOptions.IgnoreCase);
        foreach (var e in TargetCluster.GetEvents(Namespace))
        {
            if ((pattern is null || pattern.IsMatch(e.Object)) && (Type is null || e.Type == Type))
            {
                WriteObject(e);
            }
        }
    }
}

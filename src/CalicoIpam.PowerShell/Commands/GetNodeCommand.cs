using System.Linq;
using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Selectors;
using CalicoIpam.PowerShell.Completion;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Get-Node: kubectl get nodes, optionally filtered by a Calico selector over the
/// node labels (the test Calico applies to a pool's nodeSelector).</summary>
[Cmdlet(VerbsCommon.Get, "Node")]
[OutputType(typeof(Node))]
public sealed class GetNodeCommand : ClusterReadCmdlet
{
    /// <summary>Node names; wildcards allowed. All nodes when omitted.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(NodeNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>A Calico selector, e.g. <c>kubernetes.io/hostname == 'ip-10-0-0-11'</c>.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(SelectorCompleter))]
    public string? Selector { get; set; }

    private Selector? _selector;

    protected override void BeginProcessing()
    {
        if (Selector is null)
        {
            return;
        }
        if (!Core.Selectors.Selector.TryParse(Selector, out _selector, out var error))
        {
            ThrowTerminatingError(new ErrorRecord(new SelectorParseException(error!), ErrorIds.InvalidSelector,
                ErrorCategory.InvalidArgument, Selector));
        }
    }

    protected override void ProcessRecord()
    {
        var nodes = TargetCluster.GetNodes();
        var selected = _selector is null ? nodes : nodes.Where(n => _selector.Evaluate(n.Labels)).ToArray();
        foreach (var node in SelectByName(selected, n => n.Name, Name, ErrorRecords.NodeNotFound))
        {
            WriteObject(node);
        }
    }
}

using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.PowerShell.Completion;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Set-Node: kubectl label node. Pools' nodeSelectors see the change at the node's
/// next allocation; tunnel addresses follow at once.</summary>
[Cmdlet(VerbsCommon.Set, "Node", SupportsShouldProcess = true)]
[OutputType(typeof(Node))]
public sealed class SetNodeCommand : ClusterChangeCmdlet
{
    /// <summary>Node names; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(NodeNameCompleter))]
    public string[] Name { get; set; } = new string[0];

    /// <summary>Labels to set; a $null value removes the label (kubectl label node n key-).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [Alias("Labels")]
    public System.Collections.Hashtable Label { get; set; } = new();

    /// <summary>Returns each node after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var changes = Maps.Changes(Label);
        var cluster = TargetCluster;
        foreach (var node in SelectByName(cluster.GetNodes(), n => n.Name, Name, ErrorRecords.NodeNotFound))
        {
            if (!ShouldProcess($"Node '{node.Name}'", "Set labels"))
            {
                continue;
            }
            Node? updated = null;
            if (TryChange(node.Name, () => updated = cluster.SetNodeLabels(node.Name, changes)) && PassThru)
            {
                WriteObject(updated);
            }
        }
    }
}

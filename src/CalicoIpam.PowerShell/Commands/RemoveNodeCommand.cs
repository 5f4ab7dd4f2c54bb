using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.PowerShell.Completion;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Remove-Node: kubectl delete node. Its pods are deleted and their controllers
/// recreate them elsewhere; IPAM is cleaned up as kube-controllers does for a deleted node.</summary>
[Cmdlet(VerbsCommon.Remove, "Node", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class RemoveNodeCommand : ClusterChangeCmdlet
{
    /// <summary>Node names; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(NodeNameCompleter))]
    public string[] Name { get; set; } = new string[0];

    protected override void ProcessRecord()
    {
        var cluster = TargetCluster;
        foreach (var node in SelectByName(cluster.GetNodes(), n => n.Name, Name, ErrorRecords.NodeNotFound))
        {
            if (ShouldProcess($"Node '{node.Name}' ({node.Address})", "Remove"))
            {
                TryChange(node.Name, () => cluster.RemoveNode(node.Name));
            }
        }
    }
}

using System.Collections.Generic;
using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Dataplane;
using CalicoIpam.PowerShell.Completion;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>
/// Get-NodeRoute: <c>ip route</c> on a node. One object per route, in the order <c>ip route</c>
/// lists them; the default view prints the lines alone. Takes nodes from the pipeline: from
/// Get-Node (their Name, through the alias) and from Get-Pod (their Node property, which binds
/// before the alias, so a pod's own name is never taken for a node). Each node is listed once
/// per call, however many piped pods run on it.
/// </summary>
[Cmdlet(VerbsCommon.Get, "NodeRoute")]
[OutputType(typeof(NodeRoute))]
public sealed class GetNodeRouteCommand : ClusterReadCmdlet
{
    /// <summary>Node names; wildcards allowed. Every node, in name order, when omitted. An empty
    /// name (a piped pod that is not scheduled yet) is skipped.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(NodeNameCompleter))]
    public string[]? Node { get; set; }

    private readonly HashSet<(int Cluster, string Node)> _listed = new();

    protected override void ProcessRecord()
    {
        var cluster = TargetCluster;
        foreach (var node in Resolve(cluster))
        {
            if (!_listed.Add((cluster.Id, node)))
            {
                continue;
            }
            IReadOnlyList<NodeRoute> routes = System.Array.Empty<NodeRoute>();
            if (TryChange(node, () => routes = cluster.GetNodeRoutes(node)))
            {
                foreach (var route in routes)
                {
                    WriteObject(route);
                }
            }
        }
    }

    // The node names asked for: an exact name is looked up directly (piped pods stay cheap on a
    // large cluster); anything else goes through the usual wildcard matching and its errors.
    private IEnumerable<string> Resolve(Cluster cluster)
    {
        if (Node is null)
        {
            foreach (var node in cluster.GetNodes())
            {
                yield return node.Name;
            }
            yield break;
        }
        var others = new List<string>();
        foreach (var name in Node)
        {
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }
            if (!WildcardPattern.ContainsWildcardCharacters(name) && cluster.FindNode(name) is not null)
            {
                yield return name;
            }
            else
            {
                others.Add(name);
            }
        }
        if (others.Count > 0)
        {
            foreach (var node in SelectByName(cluster.GetNodes(), n => n.Name, others.ToArray(), ErrorRecords.NodeNotFound))
            {
                yield return node.Name;
            }
        }
    }
}

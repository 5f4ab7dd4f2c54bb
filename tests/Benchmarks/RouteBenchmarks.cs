using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CalicoIpam.Core.Clusters;

namespace CalicoIpam.Benchmarks;

/// <summary>
/// <c>ip route</c> of one node of a cluster at Kubernetes' limits (DESIGN §7): 5,000 nodes,
/// 150,000 pods (30 a node), IPIP, /26 blocks, so each node's table holds about 5,030 routes
/// (its pods, its blackhole, one route per other node's block). Beside it, from the same run,
/// listing that node's own pods as <c>Get-Pod -Node</c> does it, and copying out the 5,000
/// node records (output of the same size). In the engine and through the cmdlets.
/// </summary>
internal static class RouteBenchmarks
{
    private const int Nodes = 5_000;
    private const int PodsPerNode = 30;
    private const int Calls = 50;

    public static void Run(string manifestPath)
    {
        var build = Stopwatch.StartNew();
        var cluster = SyntheticCluster.Create(Nodes, "10.32.0.0/12", 26, Encapsulation.IPIP);
        for (var p = 0; p < PodsPerNode; p++)
        {
            for (var n = 1; n <= Nodes; n++)
            {
                cluster.CreatePod(new PodSpec
                {
                    Namespace = "default",
                    Name = "pod-" + n.ToString(CultureInfo.InvariantCulture) + "-" + p.ToString(CultureInfo.InvariantCulture),
                    Node = "node-" + n.ToString(CultureInfo.InvariantCulture),
                });
            }
        }
        var pods = Nodes * PodsPerNode;
        System.Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-44} {1,12:N1} s", $"route bench cluster ({Nodes:N0} nodes, {pods:N0} pods)",
            build.Elapsed.TotalSeconds));
        var names = Enumerable.Range(0, Calls).Select(i => "node-" + (1 + i * (Nodes / Calls)).ToString(CultureInfo.InvariantCulture)).ToArray();
        var routeCount = cluster.GetNodeRoutes(names[0]).Count;

        // Engine: the node's whole table, against the pods listing Get-Pod -Node does.
        var routes = Harness.NanosecondsPerOperation(Calls, () =>
        {
            foreach (var name in names)
            {
                cluster.GetNodeRoutes(name);
            }
        });
        var ownPods = Harness.NanosecondsPerOperation(Calls, () =>
        {
            foreach (var name in names)
            {
                cluster.GetPods().Where(p => p.Node == name).ToArray();
            }
        });
        var allNodes = Harness.NanosecondsPerOperation(Calls, () =>
        {
            foreach (var _ in names)
            {
                cluster.GetNodes();
            }
        });
        Harness.Report($"GetNodeRoutes, 1 node ({routeCount:N0} routes)", routes / 1e6, "node's own pods (GetPods)", ownPods / 1e6, "ms/call");
        Harness.Report($"GetNodeRoutes, 1 node ({routeCount:N0} routes)", routes / 1e6, $"GetNodes ({Nodes:N0} records)", allNodes / 1e6, "ms/call");

        // Cmdlets, through a runspace.
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(manifestPath);
        using var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        var nodeRoute = PerCall(runspace, "Get-NodeRoute", names, cluster);
        var getPod = PerCall(runspace, "Get-Pod", names, cluster);
        Harness.Report("Get-NodeRoute -Node (cmdlet)", nodeRoute / 1e6, "Get-Pod -Node (cmdlet)", getPod / 1e6, "ms/call");
    }

    private static double PerCall(Runspace runspace, string command, string[] nodes, Cluster cluster) =>
        Harness.NanosecondsPerOperation(nodes.Length, () =>
        {
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            foreach (var node in nodes)
            {
                ps.Commands.Clear();
                ps.AddCommand(command).AddParameter("Node", new[] { node }).AddParameter("Cluster", cluster);
                ps.Invoke();
                if (ps.HadErrors)
                {
                    throw new System.InvalidOperationException($"{command} failed: {ps.Streams.Error[0]}");
                }
            }
        });
}

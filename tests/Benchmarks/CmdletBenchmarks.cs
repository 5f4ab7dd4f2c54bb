using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace CalicoIpam.Benchmarks;

/// <summary>
/// The per-call cost of module cmdlets through a real runspace, beside an empty binary
/// cmdlet's: what the module adds on top of PowerShell's own invocation cost.
/// </summary>
internal static class CmdletBenchmarks
{
    public static void Run(string manifestPath)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(manifestPath);
        state.Commands.Add(new SessionStateCmdletEntry("Get-Nothing", typeof(GetNothingCommand), null));
        using var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();

        const int calls = 2_000;
        var empty = PerCall(runspace, calls, _ => new Call("Get-Nothing"));
        var getPool = PerCall(runspace, calls, _ => new Call("Get-IpPool", ("Name", new[] { "default-ipv4-ippool" })));
        Harness.Report("Get-IpPool -Name (per call)", getPool / 1000, "empty cmdlet", empty / 1000, "us/call");

        // New-IpPool: each call creates a distinct /24 in 10.0.0.0/8, in a fresh empty cluster
        // per round, so every round does the same work.
        var newPool = PerCall(runspace, calls,
            i => new Call("New-IpPool", ("Name", $"p{i}"), ("Cidr", $"10.{i / 256}.{i % 256}.0/24")),
            setup: "New-Cluster -Empty | Out-Null");
        Harness.Report("New-IpPool (per call, up to 2,000 pools)", newPool / 1000, "empty cmdlet", empty / 1000, "us/call");
    }

    // One command with its parameters, invoked with AddCommand (no script parsing), so the
    // figure is the cmdlet's cost plus PowerShell's invocation cost, nothing else.
    private sealed record Call(string Command, params (string Name, object Value)[] Parameters);

    private static double PerCall(Runspace runspace, int calls, System.Func<int, Call> call, string? setup = null)
    {
        var prepared = new Call[calls];
        for (var i = 0; i < calls; i++)
        {
            prepared[i] = call(i);
        }
        return Harness.NanosecondsPerOperation(calls, () =>
        {
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            foreach (var c in prepared)
            {
                ps.Commands.Clear();
                ps.AddCommand(c.Command);
                foreach (var (name, value) in c.Parameters)
                {
                    ps.AddParameter(name, value);
                }
                ps.Invoke();
                if (ps.HadErrors)
                {
                    throw new System.InvalidOperationException($"{c.Command} failed: {ps.Streams.Error[0]}");
                }
            }
        }, setup is null ? null : () =>
        {
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript(setup).Invoke();
        });
    }
}

/// <summary>The baseline: a binary cmdlet that does nothing.</summary>
[Cmdlet(VerbsCommon.Get, "Nothing")]
public sealed class GetNothingCommand : PSCmdlet
{
    protected override void ProcessRecord()
    {
    }
}

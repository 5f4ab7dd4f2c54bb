using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Security;

namespace CalicoIpam.PowerShell.Tests;

/// <summary>
/// One in-process runspace with the built module imported (CalicoIpam.psd1 at the repository
/// root), and a host that records what cmdlets write to it (-WhatIf text) and any prompt.
/// Used as a class fixture: the tests of a class run one after another, each on a fresh
/// cluster of its own (<c>New-Cluster</c>), so the runspace can be shared.
/// </summary>
public sealed class PsSession : IDisposable
{
    /// <summary>The folder that holds CalicoIpam.psd1, found upwards from the test binaries.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ManifestPath => Path.Combine(RepoRoot, "CalicoIpam.psd1");

    private static readonly Lazy<InitialSessionState> s_sessionState = new(() =>
    {
        var binary = Path.Combine(RepoRoot, "module", "bin", "CalicoIpam.PowerShell.dll");
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"{binary} is missing: build the module first "
                + "(dotnet build src/CalicoIpam.PowerShell -c Release -o module/bin).");
        }
        var iss = InitialSessionState.CreateDefault();
        if (OperatingSystem.IsWindows())
        {
            // The manifest loads .ps1xml files, which a Windows execution policy may block.
            iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        }
        iss.ImportPSModule(ManifestPath);
        return iss;
    });

    private readonly RecordingHost _host = new();

    public PsSession()
    {
        Runspace = RunspaceFactory.CreateRunspace(_host, s_sessionState.Value);
        Runspace.Open();
    }

    public Runspace Runspace { get; }

    /// <summary>
    /// Runs a script. Errors holds every error it wrote, including the statement-terminating
    /// ones it did not catch (the script goes on after them, as any script does); to tell a
    /// terminating error from a non-terminating one, catch it in the script.
    /// </summary>
    public PsResult Run(string script)
    {
        _host.Ui.Reset();
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = Runspace;
        ps.AddScript(script);
        var output = ps.Invoke();
        return new PsResult(output, ps.Streams.Error.ToList(), _host.Ui.Lines.ToList(), _host.Ui.Prompts);
    }

    /// <summary>The objects a script writes, unwrapped.</summary>
    public object[] Objects(string script) => Run(script).Objects;

    /// <summary>What Tab offers at the end of <paramref name="input"/>, as it would be inserted.</summary>
    public string[] Complete(string input)
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = Runspace;
        var completion = CommandCompletion.CompleteInput(input, input.Length, null, ps);
        return completion.CompletionMatches.Select(m => m.CompletionText).ToArray();
    }

    /// <summary>Sets a variable in this runspace (e.g. a cluster made in another runspace).</summary>
    public void Set(string name, object? value) => Runspace.SessionStateProxy.SetVariable(name, value);

    public object? Get(string name) => Runspace.SessionStateProxy.GetVariable(name);

    /// <summary>
    /// The state of the current cluster (or of <paramref name="cluster"/>, a PowerShell
    /// expression): which cluster it is, and every property of every pool and node, as text.
    /// Equal snapshots mean nothing changed.
    /// </summary>
    public string Snapshot(string cluster = "(Get-Cluster)")
    {
        var result = Run($$"""
            $s = {{cluster}}
            'cluster #' + $s.Id
            Get-IpPool -Cluster $s | Select-Object -Property * -ExcludeProperty Cluster | ConvertTo-Json -AsArray -Depth 3 -Compress
            Get-Node -Cluster $s | Select-Object -Property * -ExcludeProperty Cluster | ConvertTo-Json -AsArray -Depth 3 -Compress
            """);
        Assert.Empty(result.Errors);
        return string.Join("\n", result.Objects);
    }

    public void Dispose() => Runspace.Dispose();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CalicoIpam.psd1")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("No CalicoIpam.psd1 above " + AppContext.BaseDirectory);
    }
}

/// <summary>What one script run produced.</summary>
public sealed record PsResult(Collection<PSObject> Output, List<ErrorRecord> Errors, List<string> HostLines, int Prompts)
{
    /// <summary>The output objects without their PSObject wrappers.</summary>
    public object[] Objects => Output.Select(o => o.BaseObject).ToArray();

    /// <summary>The host lines that start with "What if:".</summary>
    public string[] WhatIfLines => HostLines.Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToArray();

    /// <summary>The value of a property of each output object, as text (lists joined with ',').</summary>
    public string[] Values(string property) => Output.Select(o => Text(o.Properties[property]?.Value)).ToArray();

    public static string Text(object? value) => value switch
    {
        null => "",
        PSObject wrapped => Text(wrapped.BaseObject),
        string s => s,
        System.Collections.IEnumerable list => string.Join(",", list.Cast<object>().Select(Text)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>A host whose UI records each line written to it and counts prompts.</summary>
internal sealed class RecordingHost : PSHost
{
    public RecordingHostUi Ui { get; } = new();

    public override PSHostUserInterface UI => Ui;

    public override string Name => "CalicoIpamTestHost";

    public override Version Version { get; } = new(1, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public override void EnterNestedPrompt() => throw new NotSupportedException();

    public override void ExitNestedPrompt() => throw new NotSupportedException();

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    public override void SetShouldExit(int exitCode)
    {
    }
}

internal sealed class RecordingHostUi : PSHostUserInterface
{
    private readonly List<string> _lines = new();
    private string _partial = "";

    public IReadOnlyList<string> Lines => _lines;

    /// <summary>How many times a cmdlet asked the user something (e.g. a -Confirm prompt).</summary>
    public int Prompts { get; private set; }

    public override PSHostRawUserInterface? RawUI => null;

    public void Reset()
    {
        _lines.Clear();
        _partial = "";
        Prompts = 0;
    }

    public override void Write(string value) => _partial += value;

    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);

    public override void WriteLine(string value)
    {
        _lines.Add(_partial + value);
        _partial = "";
    }

    public override void WriteErrorLine(string value) => WriteLine(value);

    public override void WriteDebugLine(string message) => WriteLine("DEBUG: " + message);

    public override void WriteVerboseLine(string message) => WriteLine("VERBOSE: " + message);

    public override void WriteWarningLine(string message) => WriteLine("WARNING: " + message);

    public override void WriteProgress(long sourceId, ProgressRecord record)
    {
    }

    // A prompt is counted and answered with the default choice, so a test can assert none came.
    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        Prompts++;
        return defaultChoice;
    }

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
    {
        Prompts++;
        return new Dictionary<string, PSObject>();
    }

    public override string ReadLine() => throw new NotSupportedException("The test host reads no input.");

    public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("The test host reads no input.");

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        throw new NotSupportedException("The test host reads no input.");

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
        throw new NotSupportedException("The test host reads no input.");
}

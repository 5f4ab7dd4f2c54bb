using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CalicoIpam.Core.Manifests;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>
/// What Import-Manifest and Remove-Manifest share: reading documents from -Path (files,
/// wildcards, folders, as kubectl -f takes them) or from YAML text (-Yaml or the pipeline),
/// and acting on each document on its own, so one bad document does not stop the others.
/// </summary>
public abstract class ManifestCmdlet : ClusterChangeCmdlet
{
    protected const string ByPath = nameof(ByPath);
    protected const string ByYaml = nameof(ByYaml);

    /// <summary>Manifest files or folders (each .yaml, .yml and .json file in a folder); wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByPath, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [Alias("PSPath", "FullName")]
    public string[] Path { get; set; } = new string[0];

    /// <summary>YAML text, e.g. a here-string; several documents separated by ---.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByYaml, ValueFromPipeline = true)]
    [AllowEmptyString]
    public string Yaml { get; set; } = "";

    // Piped input is gathered and acted on at the end: Get-Content writes a file one line at a
    // time, and kubectl delete -f orders a batch (namespaces last), so both need the whole input.
    private readonly List<Batch> _batches = new();

    /// <summary>"applying" or "deleting", for kubectl's "error when applying ..." text.</summary>
    protected abstract string Verb { get; }

    /// <summary>The ShouldProcess action: "Apply" or "Delete".</summary>
    protected abstract string Action { get; }

    /// <summary>Acts on the documents one cluster is given.</summary>
    protected abstract IReadOnlyList<ManifestOutcome> Run(CalicoIpam.Core.Clusters.Cluster cluster, IReadOnlyList<ManifestDocument> documents);

    protected override void ProcessRecord()
    {
        var cluster = TargetCluster;
        if (_batches.Count == 0 || !ReferenceEquals(_batches[_batches.Count - 1].Cluster, cluster))
        {
            _batches.Add(new Batch(cluster));
        }
        var batch = _batches[_batches.Count - 1];
        if (ParameterSetName == ByYaml)
        {
            batch.AddText(Yaml);
        }
        else
        {
            batch.Texts.AddRange(FileTexts());
        }
    }

    protected override void EndProcessing()
    {
        foreach (var batch in _batches)
        {
            var documents = batch.AllTexts().SelectMany(Parse)
                .Where(d => ShouldProcess(d.Problem is null ? $"{d.Kind} \"{d.Name}\" from \"{d.Source}\"" : $"document from \"{d.Source}\"", Action))
                .ToList();
            foreach (var outcome in Run(batch.Cluster, documents))
            {
                if (outcome.Result is not null)
                {
                    WriteObject(outcome.Result);
                }
                else
                {
                    WriteError(ErrorFor(outcome.Document, outcome.Error!));
                }
            }
        }
    }

    // A whole text that does not parse is one error naming its source; nothing in it is acted on.
    private IReadOnlyList<ManifestDocument> Parse((string Text, string Source) input)
    {
        try
        {
            return ManifestReader.Read(input.Text, input.Source);
        }
        catch (YamlFormatException e)
        {
            WriteError(new ErrorRecord(new FormatException($"error parsing {input.Source}: {e.Message}", e), ErrorIds.ManifestInvalid,
                ErrorCategory.InvalidData, input.Source));
            return new ManifestDocument[0];
        }
    }

    // kubectl's prefix names the document, unless the message is a whole kubectl line that does.
    private ErrorRecord ErrorFor(ManifestDocument document, Exception e)
    {
        var target = document.Problem is null ? document.Name : document.Source;
        if (e is ManifestException { NamesDocument: true })
        {
            return new ErrorRecord(e, ErrorIds.ManifestInvalid, ErrorCategory.InvalidData, target);
        }
        var message = $"error when {Verb} {document.Kind} \"{document.Name}\" from \"{document.Source}\": {e.Message}";
        var record = ErrorRecords.FromEngine(e, target);
        return new ErrorRecord(new InvalidOperationException(message, e), record?.FullyQualifiedErrorId ?? ErrorIds.ManifestInvalid,
            record?.CategoryInfo.Category ?? ErrorCategory.InvalidData, target);
    }

    /// <summary>The input one cluster is given. Piped single lines (Get-Content) are joined
    /// into one text; a multi-line string (a here-string, Get-Content -Raw) is a text of its own.</summary>
    private sealed class Batch
    {
        private readonly List<string> _lines = new();

        public Batch(CalicoIpam.Core.Clusters.Cluster cluster) => Cluster = cluster;

        public CalicoIpam.Core.Clusters.Cluster Cluster { get; }

        public List<(string Text, string Source)> Texts { get; } = new();

        public void AddText(string text)
        {
            if (text.IndexOf('\n') < 0)
            {
                _lines.Add(text);
                return;
            }
            FlushLines();
            Texts.Add((text, "STDIN"));
        }

        public IEnumerable<(string Text, string Source)> AllTexts()
        {
            FlushLines();
            return Texts;
        }

        private void FlushLines()
        {
            if (_lines.Count > 0)
            {
                Texts.Add((string.Join("\n", _lines), "STDIN"));
                _lines.Clear();
            }
        }
    }

    private IEnumerable<(string Text, string Source)> FileTexts()
    {
        foreach (var pattern in Path)
        {
            List<string> resolved;
            try
            {
                resolved = GetResolvedProviderPathFromPSPath(pattern, out _).ToList();
            }
            catch (ItemNotFoundException e)
            {
                // kubectl's text for a missing -f path.
                WriteError(new ErrorRecord(new FileNotFoundException($"the path \"{pattern}\" does not exist", e), ErrorIds.ManifestNotFound,
                    ErrorCategory.ObjectNotFound, pattern));
                continue;
            }
            foreach (var path in resolved)
            {
                var files = Directory.Exists(path)
                    ? Directory.GetFiles(path).Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
                        || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                        .OrderBy(f => f, StringComparer.Ordinal)
                    : new[] { path }.AsEnumerable();
                foreach (var file in files)
                {
                    yield return (File.ReadAllText(file), System.IO.Path.GetFileName(file));
                }
            }
        }
    }
}

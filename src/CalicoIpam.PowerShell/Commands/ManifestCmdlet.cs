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

    /// <summary>The documents of this call's input, each with its source name.</summary>
    protected IEnumerable<ManifestDocument> ReadDocuments()
    {
        foreach (var (text, source) in Texts())
        {
            IReadOnlyList<ManifestDocument> documents;
            try
            {
                documents = ManifestReader.Read(text, source);
            }
            catch (Exception e) when (e is YamlFormatException or ManifestException)
            {
                WriteError(new ErrorRecord(new FormatException($"error parsing {source}: {e.Message}", e), ErrorIds.ManifestInvalid,
                    ErrorCategory.InvalidData, source));
                continue;
            }
            foreach (var document in documents)
            {
                yield return document;
            }
        }
    }

    /// <summary>Runs one document's change; a failure is an error naming the document.</summary>
    protected void Act(ManifestDocument document, string verb, Func<ManifestResult> change)
    {
        try
        {
            WriteObject(change());
        }
        catch (Exception e) when (e is ManifestException || ErrorRecords.FromEngine(e, document.Name) is not null)
        {
            var message = $"error when {verb} {document.Kind} \"{document.Name}\" from \"{document.Source}\": {e.Message}";
            var record = ErrorRecords.FromEngine(e, document.Name);
            WriteError(new ErrorRecord(new InvalidOperationException(message, e), record?.FullyQualifiedErrorId ?? ErrorIds.ManifestInvalid,
                record?.CategoryInfo.Category ?? ErrorCategory.InvalidData, document.Name));
        }
    }

    private IEnumerable<(string Text, string Source)> Texts()
    {
        if (ParameterSetName == ByYaml)
        {
            yield return (Yaml, "STDIN");
            yield break;
        }
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

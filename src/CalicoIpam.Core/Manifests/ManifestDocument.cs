using System.Collections.Generic;

namespace CalicoIpam.Core.Manifests;

/// <summary>One object of a manifest: its type, identity, the YAML it came from, and where.</summary>
public sealed record ManifestDocument
{
    public required string ApiVersion { get; init; }

    public required string Kind { get; init; }

    public required string Name { get; init; }

    /// <summary>metadata.namespace; empty for cluster-scoped kinds (and namespaced kinds that
    /// left it out: they go to "default", as kubectl applies them).</summary>
    public string Namespace { get; init; } = "";

    public required YamlMapping Root { get; init; }

    /// <summary>Where the text came from (a file name, or "STDIN" as kubectl says for -f -).</summary>
    public string Source { get; init; } = "STDIN";

    public int Line => Root.Line;

    /// <summary>Why this document cannot be acted on (not an object, no kind or apiVersion);
    /// null for a well-formed document. Applying or deleting it fails with this text, so one
    /// bad document does not stop the others.</summary>
    public string? Problem { get; init; }
}

/// <summary>What became of one document of a batch: its result, or the error that refused it.</summary>
public sealed record ManifestOutcome(ManifestDocument Document, ManifestResult? Result, System.Exception? Error);

/// <summary>What applying (or deleting) one document did, with kubectl's line for it.</summary>
public sealed record ManifestResult
{
    /// <summary>kubectl's resource reference, e.g. deployment.apps/customer.</summary>
    public required string Resource { get; init; }

    /// <summary>created, configured, unchanged or deleted.</summary>
    public required string Action { get; init; }

    public required string Kind { get; init; }

    public required string Name { get; init; }

    public string Namespace { get; init; } = "";

    public string Source { get; init; } = "STDIN";

    public Clusters.Cluster? Cluster { get; init; }

    /// <summary>The line kubectl prints for this result.</summary>
    public string Line => ToString();

    /// <summary>kubectl's line: "deployment.apps/customer configured", or for a delete
    /// "deployment.apps \"customer\" deleted".</summary>
    public override string ToString() => Action == "deleted"
        ? $"{ResourceType} \"{Name}\" deleted"
        : $"{Resource} {Action}";

    private string ResourceType => Resource.Substring(0, Resource.IndexOf('/'));
}

/// <summary>A document that cannot be applied, and why.</summary>
public sealed class ManifestException : System.Exception
{
    public ManifestException(string message, bool namesDocument = false)
        : base(message)
    {
        NamesDocument = namesDocument;
    }

    /// <summary>True when the message is kubectl's whole line and names the document itself
    /// ("resource mapping not found for name: ..."); otherwise it is the reason only, for a
    /// caller to put after "error when applying &lt;Kind&gt; "&lt;name&gt;" from "&lt;source&gt;": ".</summary>
    public bool NamesDocument { get; }
}

/// <summary>Reads the documents of a YAML text, unrolling List kinds (v1 List, IPPoolList...).</summary>
public static class ManifestReader
{
    public static IReadOnlyList<ManifestDocument> Read(string text, string source, YamlLimits? limits = null)
    {
        var documents = new List<ManifestDocument>();
        foreach (var node in YamlCodec.Current.Parse(text, limits ?? YamlLimits.Default))
        {
            Add(node, source, documents);
        }
        return documents;
    }

    private static void Add(YamlNode node, string source, List<ManifestDocument> documents)
    {
        if (node is YamlScalar { IsNull: true })
        {
            return; // an empty document
        }
        if (node is not YamlMapping root)
        {
            documents.Add(Unusable(source, $"error validating \"{source}\": the document at {node.Position} is not an object"));
            return;
        }
        string kind, apiVersion, name, ns;
        try
        {
            kind = Fields.OptionalString(root, "kind") ?? "";
            apiVersion = Fields.OptionalString(root, "apiVersion") ?? "";
            var metadata = root["metadata"] as YamlMapping;
            name = metadata is null ? "" : Fields.OptionalString(metadata, "name") ?? "";
            ns = metadata is null ? "" : Fields.OptionalString(metadata, "namespace") ?? "";
        }
        catch (ManifestException e)
        {
            // An ill-typed kind or name (a list, a mapping) spoils this document only.
            documents.Add(Unusable(source, $"error validating \"{source}\": {e.Message} (document at {root.Position})"));
            return;
        }
        if (kind.EndsWith("List", System.StringComparison.Ordinal) && root["items"] is YamlSequence items)
        {
            foreach (var item in items.Items)
            {
                Add(item, source, documents);
            }
            return;
        }
        if (kind.Length == 0 || apiVersion.Length == 0)
        {
            documents.Add(Unusable(source,
                $"error validating \"{source}\": error validating data: [{(apiVersion.Length == 0 ? "apiVersion not set" : "")}{(apiVersion.Length == 0 && kind.Length == 0 ? ", " : "")}{(kind.Length == 0 ? "kind not set" : "")}] (document at {root.Position})"));
            return;
        }
        documents.Add(new ManifestDocument
        {
            ApiVersion = apiVersion,
            Kind = kind,
            Name = name,
            Namespace = ns,
            Root = root,
            Source = source,
        });
    }

    private static ManifestDocument Unusable(string source, string problem) =>
        new() { ApiVersion = "", Kind = "", Name = "", Root = new YamlMapping(), Source = source, Problem = problem };
}

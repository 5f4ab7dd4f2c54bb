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
}

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

/// <summary>A document that cannot be applied; the message names it and says why.</summary>
public sealed class ManifestException : System.Exception
{
    public ManifestException(string message, System.Exception? inner = null)
        : base(message, inner)
    {
    }
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
            throw new ManifestException($"error validating \"{source}\": the document at {node.Position} is not an object");
        }
        var kind = Fields.OptionalString(root, "kind") ?? "";
        var apiVersion = Fields.OptionalString(root, "apiVersion") ?? "";
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
            throw new ManifestException(
                $"error validating \"{source}\": error validating data: [{(apiVersion.Length == 0 ? "apiVersion not set" : "")}{(apiVersion.Length == 0 && kind.Length == 0 ? ", " : "")}{(kind.Length == 0 ? "kind not set" : "")}] (document at {root.Position})");
        }
        var metadata = root["metadata"] as YamlMapping;
        documents.Add(new ManifestDocument
        {
            ApiVersion = apiVersion,
            Kind = kind,
            Name = metadata is null ? "" : Fields.OptionalString(metadata, "name") ?? "",
            Namespace = metadata is null ? "" : Fields.OptionalString(metadata, "namespace") ?? "",
            Root = root,
            Source = source,
        });
    }
}

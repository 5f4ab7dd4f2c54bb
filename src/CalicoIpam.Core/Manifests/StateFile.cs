using System;
using System.Collections.Generic;
using System.Globalization;
using CalicoIpam.Core.Clusters;

namespace CalicoIpam.Core.Manifests;

/// <summary>
/// The cluster state file (Export-Cluster / Import-Cluster): a YAML document holding everything
/// a simulated cluster is, so that a cluster read back goes on exactly as the one written
/// would. The format, its fields and its version policy are in docs/state-file.md; the
/// tree itself is made and read by <see cref="Cluster.ExportState"/> and
/// <see cref="Cluster.ImportState"/>.
/// </summary>
public static class ClusterStateFile
{
    /// <summary>The document's apiVersion. It changes only if the format is redesigned.</summary>
    public const string ApiVersion = "calicoipam.io/v1";

    public const string Kind = "ClusterState";

    /// <summary>The format version this module writes, and the newest it reads. It goes up by
    /// one with every change to the format; files of older versions stay readable.</summary>
    public const int FormatVersion = 1;

    /// <summary>
    /// Limits for reading a state file. A state file of Kubernetes' largest cluster (150,000
    /// pods) runs to a few hundred megabytes and some millions of nodes, so these are larger
    /// than a manifest's; the alias-expansion count still stops an alias bomb early. Depth
    /// leaves room for the stored objects (whole manifests) nested in the file.
    /// </summary>
    public static YamlLimits Limits { get; } = new()
    {
        MaxCharacters = 512 * 1024 * 1024,
        MaxDepth = YamlLimits.Default.MaxDepth + 16,
        MaxNodes = 32_000_000,
    };

    /// <summary>The comment the file starts with (YAML ignores it).</summary>
    public static string Header =>
        $"# CalicoIpam cluster state, format version {FormatVersion.ToString(CultureInfo.InvariantCulture)}: written by Export-Cluster, read by Import-Cluster.\n"
        + "# The format is described in docs/state-file.md. Import-Cluster refuses a file that does not hold together.\n";

    /// <summary>The cluster as the text of a state file.</summary>
    public static string Write(Cluster cluster)
    {
        if (cluster is null)
        {
            throw new ArgumentNullException(nameof(cluster));
        }
        return Header + YamlCodec.Current.Emit(cluster.ExportState());
    }

    /// <summary>A new cluster from the text of a state file. Throws <see cref="YamlFormatException"/>
    /// for text that is not YAML, <see cref="StateFileException"/> for YAML that is not a valid
    /// state; either way nothing else is touched.</summary>
    public static Cluster Read(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }
        IReadOnlyList<YamlNode> documents;
        try
        {
            documents = YamlCodec.Current.Parse(text, Limits);
        }
        catch (InvalidOperationException e)
        {
            // A YAML library failure that names no position (YamlDotNet's scanner throws this
            // for some malformed flow collections): still a refusal, not a crash.
            throw new StateFileException("", "the file is not YAML this module can read: " + e.Message, null);
        }
        if (documents.Count != 1)
        {
            throw new StateFileException("", documents.Count == 0
                ? "the file is empty: a cluster state file holds one YAML document"
                : $"the file holds {documents.Count.ToString(CultureInfo.InvariantCulture)} YAML documents; a cluster state file holds one", documents.Count > 1 ? documents[1] : null);
        }
        return Cluster.ImportState(documents[0]);
    }
}

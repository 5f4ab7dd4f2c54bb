using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace CalicoIpam.Core.Manifests;

/// <summary>Small helpers to build YAML trees in code.</summary>
public static class YamlBuild
{
    public static YamlScalar Str(string value) => new(value, quoted: true);

    public static YamlScalar Num(long value) => new(value.ToString(CultureInfo.InvariantCulture));

    public static YamlScalar Num(ulong value) => new(value.ToString(CultureInfo.InvariantCulture));

    public static YamlScalar Bool(bool value) => new(value ? "true" : "false");

    public static YamlScalar Null() => new("null");

    public static YamlSequence Seq(IEnumerable<YamlNode> items)
    {
        var sequence = new YamlSequence();
        sequence.Items.AddRange(items);
        return sequence;
    }

    public static YamlSequence Strings(IEnumerable<string> items) => Seq(items.Select(i => (YamlNode)Str(i)));

    public static YamlMapping StringMap(IEnumerable<KeyValuePair<string, string>> map)
    {
        var mapping = new YamlMapping();
        foreach (var pair in map)
        {
            mapping.Add(pair.Key, Str(pair.Value));
        }
        return mapping;
    }

    /// <summary>Kubernetes' RFC 3339 time text, as metadata.creationTimestamp holds it.</summary>
    public static YamlScalar Time(System.DateTimeOffset time) =>
        Str(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    /// <summary>The same tree with every mapping's keys in ordinal order, as kubectl's and
    /// calicoctl's YAML (written through JSON) has them.</summary>
    public static YamlNode SortKeys(YamlNode node)
    {
        switch (node)
        {
            case YamlMapping mapping:
                var sorted = new YamlMapping();
                foreach (var entry in mapping.Entries.OrderBy(e => e.Key, System.StringComparer.Ordinal))
                {
                    sorted.Add(entry.Key, SortKeys(entry.Value));
                }
                return sorted;
            case YamlSequence sequence:
                return Seq(sequence.Items.Select(SortKeys));
            default:
                return node;
        }
    }
}

using System.Collections.Generic;
using System.Globalization;

namespace CalicoIpam.Core.Manifests;

/// <summary>
/// Typed reads of manifest fields. A field of the wrong type is refused with the message the
/// API server's decoder gives (json: cannot unmarshal string into Go struct field ... of type
/// bool), plus its position in the YAML.
/// </summary>
public static class Fields
{
    public static string? OptionalString(YamlMapping map, string key) => map[key] switch
    {
        null => null,
        YamlScalar { IsNull: true } => null,
        YamlScalar s => s.Value,
        var other => throw TypeError(key, other, "string"),
    };

    public static int? OptionalInt(YamlMapping map, string key)
    {
        switch (map[key])
        {
            case null:
            case YamlScalar { IsNull: true }:
                return null;
            case YamlScalar { Quoted: false } s when YamlScalars.TryInt(s.Value, out var n) && n is >= int.MinValue and <= int.MaxValue:
                return (int)n;
            case var other:
                throw TypeError(key, other!, "int");
        }
    }

    public static bool? OptionalBool(YamlMapping map, string key)
    {
        switch (map[key])
        {
            case null:
            case YamlScalar { IsNull: true }:
                return null;
            case YamlScalar { Quoted: false } s when YamlScalars.IsBool(s.Value) is { } b:
                return b;
            case var other:
                throw TypeError(key, other!, "bool");
        }
    }

    public static YamlMapping? OptionalMapping(YamlMapping map, string key) => map[key] switch
    {
        null => null,
        YamlScalar { IsNull: true } => null,
        YamlMapping m => m,
        var other => throw TypeError(key, other, "object"),
    };

    public static YamlSequence? OptionalSequence(YamlMapping map, string key) => map[key] switch
    {
        null => null,
        YamlScalar { IsNull: true } => null,
        YamlSequence s => s,
        var other => throw TypeError(key, other, "array"),
    };

    /// <summary>A map of strings (labels, annotations, nodeSelector).</summary>
    public static IReadOnlyDictionary<string, string> StringMap(YamlMapping map, string key)
    {
        var result = new SortedDictionary<string, string>(System.StringComparer.Ordinal);
        if (OptionalMapping(map, key) is { } m)
        {
            foreach (var entry in m.Entries)
            {
                result[entry.Key] = entry.Value switch
                {
                    YamlScalar s => s.Value,
                    var other => throw TypeError(key + "." + entry.Key, other, "string"),
                };
            }
        }
        return result;
    }

    public static IReadOnlyList<string> StringList(YamlMapping map, string key)
    {
        var result = new List<string>();
        if (OptionalSequence(map, key) is { } s)
        {
            foreach (var item in s.Items)
            {
                result.Add(item is YamlScalar scalar ? scalar.Value : throw TypeError(key, item, "string"));
            }
        }
        return result;
    }

    private static ManifestException TypeError(string key, YamlNode node, string expected)
    {
        var actual = node switch
        {
            YamlMapping => "object",
            YamlSequence => "array",
            YamlScalar { Quoted: true } => "string",
            YamlScalar s when YamlScalars.IsBool(s.Value) is not null => "bool",
            YamlScalar s when YamlScalars.TryInt(s.Value, out _) || double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => "number",
            _ => "string",
        };
        return new ManifestException($"json: cannot unmarshal {actual} into Go struct field .{key} of type {expected} (at {node.Position})");
    }
}

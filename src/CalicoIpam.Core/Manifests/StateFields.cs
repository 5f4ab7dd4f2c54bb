using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace CalicoIpam.Core.Manifests;

/// <summary>
/// Strict, typed reads of one mapping of a cluster state file (docs/state-file.md). Every field
/// must be present with exactly its type; a key read by nobody is an unknown field (see
/// <see cref="End"/>); a key written twice is refused. Each failure is a
/// <see cref="StateFileException"/> naming the field's path and its position.
/// </summary>
internal sealed class StateMap
{
    private readonly YamlMapping _map;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private StateMap(YamlMapping map, string path)
    {
        _map = map;
        Path = path;
    }

    /// <summary>Where this mapping is in the file, e.g. pods[3] (empty for the document).</summary>
    public string Path { get; }

    public YamlMapping Node => _map;

    public static StateMap From(YamlNode node, string path)
    {
        if (node is not YamlMapping map)
        {
            throw StateValues.TypeError(path.Length == 0 ? "(document)" : path, node, "a mapping");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in map.Entries)
        {
            if (!seen.Add(entry.Key))
            {
                throw new StateFileException(Join(path, entry.Key), "the key appears twice in the same mapping", entry.Value);
            }
        }
        return new StateMap(map, path);
    }

    public bool Has(string key) => _map[key] is not null;

    public string PathOf(string key) => Join(Path, key);

    /// <summary>The node of a field that must be present.</summary>
    public YamlNode Field(string key)
    {
        _read.Add(key);
        return _map[key] ?? throw new StateFileException(PathOf(key), "the field is missing", _map);
    }

    public string String(string key) => StateValues.String(Field(key), PathOf(key));

    /// <summary>A string that must not be empty.</summary>
    public string Name(string key)
    {
        var value = String(key);
        return value.Length > 0 ? value : throw new StateFileException(PathOf(key), "must not be empty", _map[key]);
    }

    public string? NullableString(string key)
    {
        var node = Field(key);
        return StateValues.IsNull(node) ? null : StateValues.String(node, PathOf(key));
    }

    public bool Bool(string key) => StateValues.Bool(Field(key), PathOf(key));

    public int Int(string key, int min = int.MinValue, int max = int.MaxValue) => StateValues.Int(Field(key), PathOf(key), min, max);

    public ulong UInt64(string key) => StateValues.UInt64(Field(key), PathOf(key));

    public DateTimeOffset Time(string key) => StateValues.Time(Field(key), PathOf(key));

    public DateTimeOffset? NullableTime(string key)
    {
        var node = Field(key);
        return StateValues.IsNull(node) ? null : StateValues.Time(node, PathOf(key));
    }

    /// <summary>One of an enum's names, spelled exactly.</summary>
    public T Enum<T>(string key)
        where T : struct
    {
        var node = Field(key);
        return StateValues.Enum<T>(node, PathOf(key));
    }

    public StateMap Map(string key) => From(Field(key), PathOf(key));

    /// <summary>The items of a list field, each with its path (key[i]).</summary>
    public IReadOnlyList<(YamlNode Node, string Path)> List(string key)
    {
        var node = Field(key);
        if (node is not YamlSequence sequence)
        {
            throw StateValues.TypeError(PathOf(key), node, "a list");
        }
        var path = PathOf(key);
        return sequence.Items.Select((item, i) => (item, $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]")).ToArray();
    }

    /// <summary>A list of mappings.</summary>
    public IReadOnlyList<StateMap> Maps(string key) => List(key).Select(item => From(item.Node, item.Path)).ToArray();

    public IReadOnlyList<string> Strings(string key) => List(key).Select(item => StateValues.String(item.Node, item.Path)).ToArray();

    /// <summary>A mapping of strings (labels, annotations, selectors, owner attributes), ordinal-sorted.</summary>
    public IReadOnlyDictionary<string, string> StringMap(string key)
    {
        var map = Map(key);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in map._map.Entries)
        {
            result[entry.Key] = StateValues.String(entry.Value, map.PathOf(entry.Key));
        }
        return result;
    }

    /// <summary>Refuses the fields nobody read: a typo or an edit this format does not know.</summary>
    public void End()
    {
        foreach (var entry in _map.Entries)
        {
            if (!_read.Contains(entry.Key))
            {
                throw new StateFileException(PathOf(entry.Key), "unknown field", entry.Value);
            }
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}

/// <summary>Typed reads of single YAML values, as the state file writes them.</summary>
internal static class StateValues
{
    /// <summary>Timestamps: the round-trip ("o") form, exact to the tick with the UTC offset.</summary>
    public const string TimeFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffzzz";

    public static string FormatTime(DateTimeOffset time) => time.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static bool IsNull(YamlNode node) => node is YamlScalar { IsNull: true };

    public static string String(YamlNode node, string path)
    {
        // A plain scalar that YAML resolves to another type (26, true, null) is not a string;
        // the writer quotes every string that would read so.
        if (node is YamlScalar scalar && (scalar.Quoted || !YamlScalars.ReadsAsNonString(scalar.Value)))
        {
            return scalar.Value;
        }
        throw TypeError(path, node, "a string");
    }

    public static bool Bool(YamlNode node, string path) => node switch
    {
        YamlScalar { Quoted: false, Value: "true" } => true,
        YamlScalar { Quoted: false, Value: "false" } => false,
        _ => throw TypeError(path, node, "true or false"),
    };

    public static int Int(YamlNode node, string path, int min, int max)
    {
        if (node is YamlScalar { Quoted: false } scalar && IsDecimal(scalar.Value, allowSign: true)
            && long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            if (value < min || value > max)
            {
                throw new StateFileException(path, $"{scalar.Value} is out of range ({Range(min, max)})", node);
            }
            return (int)value;
        }
        throw TypeError(path, node, "an integer");
    }

    public static ulong UInt64(YamlNode node, string path)
    {
        if (node is YamlScalar { Quoted: false } scalar && IsDecimal(scalar.Value, allowSign: false))
        {
            if (ulong.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
            throw new StateFileException(path, $"{scalar.Value} is out of range (0 to {ulong.MaxValue})", node);
        }
        throw TypeError(path, node, "an unsigned 64-bit integer");
    }

    public static DateTimeOffset Time(YamlNode node, string path)
    {
        var text = String(node, path);
        if (DateTimeOffset.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            && FormatTime(time) == text)
        {
            return time;
        }
        throw new StateFileException(path, $"\"{text}\" is not a timestamp of the form 2022-07-09T17:44:37.0000000+00:00", node);
    }

    public static T Enum<T>(YamlNode node, string path)
        where T : struct
    {
        var text = String(node, path);
        var names = System.Enum.GetNames(typeof(T));
        if (Array.IndexOf(names, text) >= 0)
        {
            return (T)System.Enum.Parse(typeof(T), text);
        }
        throw new StateFileException(path, $"\"{text}\" is not one of {string.Join(", ", names)}", node);
    }

    public static StateFileException TypeError(string path, YamlNode node, string expected) =>
        new(path, $"expected {expected}, found {Describe(node)}", node);

    /// <summary>What a node is, in words, for type errors.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMapping => "a mapping",
        YamlSequence => "a list",
        YamlScalar { IsNull: true } => "null",
        YamlScalar { Quoted: true } s => $"the string \"{Shorten(s.Value)}\"",
        YamlScalar s when YamlScalars.IsBool(s.Value) is not null => $"the boolean {s.Value}",
        YamlScalar s when YamlScalars.ReadsAsNonString(s.Value) => $"the number or timestamp {Shorten(s.Value)}",
        YamlScalar s => $"the string \"{Shorten(s.Value)}\"",
        _ => node.GetType().Name,
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 37) + "...";

    private static bool IsDecimal(string text, bool allowSign)
    {
        var start = allowSign && text.Length > 1 && text[0] == '-' ? 1 : 0;
        if (text.Length == start || text.Length - start > 20)
        {
            return false;
        }
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] < '0' || text[i] > '9')
            {
                return false;
            }
        }
        return true;
    }

    private static string Range(int min, int max) =>
        max == int.MaxValue ? $"at least {min.ToString(CultureInfo.InvariantCulture)}"
        : min == int.MinValue ? $"at most {max.ToString(CultureInfo.InvariantCulture)}"
        : $"{min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
}

using System;
using System.Collections.Generic;

namespace CalicoIpam.Core.Manifests;

/// <summary>
/// A YAML document as a plain tree (mappings, sequences, scalars) with source positions. The
/// engine reads and writes manifests and state files through this tree, so it needs no YAML
/// library of its own: one is plugged in behind <see cref="IYamlCodec"/>.
/// </summary>
public abstract class YamlNode
{
    /// <summary>1-based line and column where the node starts in its source (0 when built in code).</summary>
    public int Line { get; init; }

    public int Column { get; init; }

    public string Position => $"line {Line}, column {Column}";
}

/// <summary>A scalar. <see cref="Quoted"/> keeps whether it was written quoted: a quoted "true"
/// is a string, a plain true a boolean, as YAML resolves them.</summary>
public sealed class YamlScalar : YamlNode
{
    public YamlScalar(string value, bool quoted = false)
    {
        Value = value;
        Quoted = quoted;
    }

    public string Value { get; }

    public bool Quoted { get; }

    /// <summary>A plain null, ~ or empty value.</summary>
    public bool IsNull => !Quoted && (Value.Length == 0 || Value == "~" || Value == "null" || Value == "Null" || Value == "NULL");

    public override string ToString() => Value;
}

public sealed class YamlSequence : YamlNode
{
    public List<YamlNode> Items { get; } = new();
}

/// <summary>A mapping, keeping its keys' order (state files rely on it to read back as written).</summary>
public sealed class YamlMapping : YamlNode
{
    public List<KeyValuePair<string, YamlNode>> Entries { get; } = new();

    public YamlNode? this[string key]
    {
        get
        {
            foreach (var entry in Entries)
            {
                if (entry.Key == key)
                {
                    return entry.Value;
                }
            }
            return null;
        }
    }

    public YamlMapping Add(string key, YamlNode value)
    {
        Entries.Add(new KeyValuePair<string, YamlNode>(key, value));
        return this;
    }
}

/// <summary>Limits that keep hostile YAML from exhausting the machine.</summary>
public sealed record YamlLimits
{
    public static YamlLimits Default { get; } = new();

    /// <summary>The most characters a YAML text may have.</summary>
    public int MaxCharacters { get; init; } = 16 * 1024 * 1024;

    /// <summary>The deepest nesting of mappings and sequences.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The most nodes a text may produce, aliases counted each time they are used
    /// (so a "billion laughs" alias bomb is refused early).</summary>
    public int MaxNodes { get; init; } = 2_000_000;
}

/// <summary>YAML that cannot be read, or that breaks a limit; the message names the position.</summary>
public sealed class YamlFormatException : FormatException
{
    public YamlFormatException(string message, int line, int column, Exception? inner = null)
        : base($"{message} (line {line}, column {column})", inner)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }
}

/// <summary>Reads and writes YAML text as <see cref="YamlNode"/> trees.</summary>
public interface IYamlCodec
{
    /// <summary>Every document of a (multi-document) YAML text, in order; throws <see cref="YamlFormatException"/>.</summary>
    IReadOnlyList<YamlNode> Parse(string text, YamlLimits limits);

    /// <summary>Block-style YAML as Kubernetes tools write it: sequences not indented under their
    /// key, strings quoted only when they would read back as another type.</summary>
    string Emit(YamlNode document);
}

/// <summary>The codec the engine uses; the PowerShell module sets it when it loads. One per
/// process: it is stateless, so every runspace and cluster can share it.</summary>
public static class YamlCodec
{
    private static IYamlCodec? s_codec;

    public static bool IsRegistered => s_codec is not null;

    public static IYamlCodec Current
    {
        get => s_codec ?? throw new InvalidOperationException("No YAML codec is registered (CalicoIpam.Yaml has not been loaded).");
        set => s_codec = value;
    }
}

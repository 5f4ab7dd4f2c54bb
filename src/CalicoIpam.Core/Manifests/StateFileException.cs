using System;

namespace CalicoIpam.Core.Manifests;

/// <summary>
/// A cluster state file that cannot be imported: a field of the wrong type, a missing or
/// unknown field, a reference to nothing, a broken IPAM invariant, another format version.
/// The message names the field (its path in the file, e.g. <c>blocks[2].allocations[0].attribute</c>)
/// and, when known, its line and column.
/// </summary>
public sealed class StateFileException : FormatException
{
    public StateFileException(string field, string problem, YamlNode? at = null)
        : base(Compose(field, problem, at))
    {
        Field = field;
        Problem = problem;
        Line = at?.Line ?? 0;
        Column = at?.Column ?? 0;
    }

    /// <summary>The field's path in the file (empty for the file as a whole).</summary>
    public string Field { get; }

    /// <summary>What is wrong, without the field and position.</summary>
    public string Problem { get; }

    /// <summary>1-based line of the offending node; 0 when unknown.</summary>
    public int Line { get; }

    public int Column { get; }

    private static string Compose(string field, string problem, YamlNode? at)
    {
        var text = field.Length == 0 ? problem : field + ": " + problem;
        return at is null || at.Line == 0 ? text : $"{text} ({at.Position})";
    }
}

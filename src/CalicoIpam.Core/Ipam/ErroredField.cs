using System;
using System.Collections.Generic;
using System.Linq;

namespace CalicoIpam.Core.Ipam;

/// <summary>
/// One failed field, printed as libcalico-go's ErroredField.String():
/// <c>&lt;Name&gt; = '&lt;Value&gt;' (&lt;Reason&gt;)</c>, or <c>&lt;Name&gt; (&lt;Reason&gt;)</c> with no value.
/// </summary>
public sealed record ErroredField(string Name, string? Value, string Reason)
{
    public override string ToString() =>
        Value is null ? $"{Name} ({Reason})" : $"{Name} = '{Value}' ({Reason})";
}

/// <summary>
/// Calico's ErrorValidation: the error a create or update returns when fields fail validation.
/// Its message is exactly libcalico-go's ErrorValidation.Error() text.
/// </summary>
public sealed class CalicoValidationException : Exception
{
    public CalicoValidationException(string kind, IReadOnlyList<ErroredField> fields)
        : base(Format(fields))
    {
        Kind = kind;
        Fields = fields;
    }

    /// <summary>The resource kind that failed, e.g. IPPool.</summary>
    public string Kind { get; }

    public IReadOnlyList<ErroredField> Fields { get; }

    // One field: "error with field X"; several: a header line, then "-  X" per field (dash and two
    // spaces), each ending with a newline, as libcalico-go/lib/errors/errors.go prints them.
    private static string Format(IReadOnlyList<ErroredField> fields)
    {
        if (fields.Count == 0)
        {
            throw new ArgumentException("A validation error needs at least one field.", nameof(fields));
        }
        if (fields.Count == 1)
        {
            return "error with field " + fields[0];
        }
        return "error with the following fields:\n" + string.Concat(fields.Select(f => "-  " + f + "\n"));
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CalicoIpam.Core.Clusters;

/// <summary>One field error as apimachinery's field.Error prints it. <see cref="Value"/> is the
/// bad value already printed as Go prints it (a quoted string, a bare number, a map literal).</summary>
public sealed record KubernetesFieldError(string Field, string Type, string? Value, string Detail)
{
    /// <summary>A bad string value, printed with Go's %q.</summary>
    public static KubernetesFieldError Invalid(string field, string value, string detail) => new(field, "Invalid value", GoQuote.Quote(value), detail);

    /// <summary>A bad integer, printed bare.</summary>
    public static KubernetesFieldError InvalidNumber(string field, long value, string detail) =>
        new(field, "Invalid value", value.ToString(System.Globalization.CultureInfo.InvariantCulture), detail);

    /// <summary>A bad map[string]string, printed as Go's %#v: map[string]string{"k":"v", ...} with sorted keys.</summary>
    public static KubernetesFieldError InvalidMap(string field, IReadOnlyDictionary<string, string> value, string detail) =>
        new(field, "Invalid value",
            "map[string]string{" + string.Join(", ", value.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => GoQuote.Quote(p.Key) + ":" + GoQuote.Quote(p.Value))) + "}",
            detail);

    public static KubernetesFieldError Required(string field, string detail) => new(field, "Required value", null, detail);

    /// <summary>"&lt;field&gt;: Invalid value: &lt;value&gt;: &lt;detail&gt;".</summary>
    public override string ToString()
    {
        var body = Value is null ? Type : Type + ": " + Value;
        return Field + ": " + body + (Detail.Length > 0 ? ": " + Detail : "");
    }
}

/// <summary>
/// The Kubernetes API server refused an object (an Invalid status). The message is the API's:
/// <c>Node "x" is invalid: metadata.name: Invalid value: "x": ...</c>, or with several errors
/// the aggregate form <c>Node "x" is invalid: [e1, e2]</c>.
/// </summary>
public sealed class KubernetesValidationException : ArgumentException
{
    public KubernetesValidationException(string kind, string name, IReadOnlyList<KubernetesFieldError> errors)
        : base(Format(kind, name, errors))
    {
        Kind = kind;
        Name = name;
        Errors = errors;
    }

    public string Kind { get; }

    public string Name { get; }

    public IReadOnlyList<KubernetesFieldError> Errors { get; }

    private static string Format(string kind, string name, IReadOnlyList<KubernetesFieldError> errors)
    {
        // utilerrors.NewAggregate drops duplicate messages; one error prints bare, several in brackets.
        var messages = errors.Select(e => e.ToString()).Distinct().ToList();
        var body = messages.Count == 1 ? messages[0] : "[" + string.Join(", ", messages) + "]";
        return $"{kind} {GoQuote.Quote(name)} is invalid: {body}";
    }
}

/// <summary>
/// Validates an object's metadata as the API server does (ValidateObjectMeta): the name, then
/// labels, then annotation keys, collecting every error before refusing.
/// </summary>
internal static class ObjectMetaValidator
{
    public static void Validate(string kind, string name, Func<string, IReadOnlyList<string>> nameRule,
        IEnumerable<KeyValuePair<string, string>>? labels, IEnumerable<KeyValuePair<string, string>>? annotations)
    {
        var errors = new List<KubernetesFieldError>();
        if (name.Length == 0)
        {
            errors.Add(KubernetesFieldError.Required("metadata.name", "name or generateName is required"));
        }
        else
        {
            errors.AddRange(nameRule(name).Select(e => KubernetesFieldError.Invalid("metadata.name", name, e)));
        }
        foreach (var pair in (labels ?? Labels.Empty).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            errors.AddRange(KubernetesNames.CheckLabelKey(pair.Key).Select(e => KubernetesFieldError.Invalid("metadata.labels", pair.Key, e)));
            errors.AddRange(KubernetesNames.CheckLabelValue(pair.Value).Select(e => KubernetesFieldError.Invalid("metadata.labels", pair.Value, e)));
        }
        foreach (var pair in (annotations ?? Labels.Empty).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            errors.AddRange(KubernetesNames.CheckLabelKey(pair.Key.ToLowerInvariant())
                .Select(e => KubernetesFieldError.Invalid("metadata.annotations", pair.Key, e)));
        }
        if (errors.Count > 0)
        {
            throw new KubernetesValidationException(kind, name, errors);
        }
    }
}

/// <summary>Go's %q for a string: double quotes, with Go's escapes for control characters.</summary>
public static class GoQuote
{
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\v': sb.Append("\\v"); break;
                default:
                    if (c < 0x20 || c == 0x7f)
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}

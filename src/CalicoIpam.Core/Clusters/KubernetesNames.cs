using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace CalicoIpam.Core.Clusters;

/// <summary>
/// Kubernetes' name and label rules with apimachinery's texts
/// (k8s.io/apimachinery/pkg/util/validation/validation.go). Each check returns every message
/// that applies, as Go does (an empty list when the value is valid).
/// </summary>
public static class KubernetesNames
{
    private const string Dns1123SubdomainFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private const string Dns1123SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const string Dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string QualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";
    private const string LabelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    private static readonly Regex Dns1123Subdomain = new("^" + Dns1123SubdomainFormat + "\\z", RegexOptions.CultureInvariant);
    private static readonly Regex Dns1123Label = new("^" + Dns1123LabelFormat + "\\z", RegexOptions.CultureInvariant);
    private static readonly Regex QualifiedName = new("^" + QualifiedNameFormat + "\\z", RegexOptions.CultureInvariant);
    private static readonly Regex LabelValue = new("^" + LabelValueFormat + "\\z", RegexOptions.CultureInvariant);

    /// <summary>IsDNS1123Subdomain: node and pod names.</summary>
    public static IReadOnlyList<string> CheckSubdomain(string value)
    {
        var errors = new List<string>();
        if (GoLength(value) > 253)
        {
            errors.Add("must be no more than 253 characters");
        }
        if (!Dns1123Subdomain.IsMatch(value))
        {
            errors.Add(RegexError(Dns1123SubdomainMessage, Dns1123SubdomainFormat, "example.com"));
        }
        return errors;
    }

    /// <summary>IsDNS1123Label: namespace names.</summary>
    public static IReadOnlyList<string> CheckLabelName(string value)
    {
        var errors = new List<string>();
        if (GoLength(value) > 63)
        {
            errors.Add("must be no more than 63 characters");
        }
        if (!Dns1123Label.IsMatch(value))
        {
            errors.Add(RegexError(Dns1123LabelMessage, Dns1123LabelFormat, "my-name", "123-abc"));
        }
        return errors;
    }

    /// <summary>IsQualifiedName: a label or annotation key, an optional DNS subdomain prefix and '/'.</summary>
    public static IReadOnlyList<string> CheckLabelKey(string key)
    {
        var errors = new List<string>();
        var parts = key.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                if (parts[0].Length == 0)
                {
                    errors.Add("prefix part must be non-empty");
                }
                else
                {
                    foreach (var prefixError in CheckSubdomain(parts[0]))
                    {
                        errors.Add("prefix part " + prefixError);
                    }
                }
                name = parts[1];
                break;
            default:
                errors.Add("a qualified name " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errors;
        }
        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else if (GoLength(name) > 63)
        {
            errors.Add("name part must be no more than 63 characters");
        }
        if (name.Length > 0 && !QualifiedName.IsMatch(name))
        {
            errors.Add("name part " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc"));
        }
        return errors;
    }

    /// <summary>IsValidLabelValue.</summary>
    public static IReadOnlyList<string> CheckLabelValue(string value)
    {
        var errors = new List<string>();
        if (GoLength(value) > 63)
        {
            errors.Add("must be no more than 63 characters");
        }
        if (!LabelValue.IsMatch(value))
        {
            errors.Add(RegexError(LabelValueMessage, LabelValueFormat, "MyValue", "my_value", "12345"));
        }
        return errors;
    }

    // Go's len() counts UTF-8 bytes.
    private static int GoLength(string value) => System.Text.Encoding.UTF8.GetByteCount(value);

    // apimachinery's RegexError: examples joined with ",  or " (two spaces, as Kubernetes prints).
    private static string RegexError(string message, string format, params string[] examples) =>
        message + " (e.g. '" + string.Join("',  or '", examples) + "', regex used for validation is '" + format + "')";
}

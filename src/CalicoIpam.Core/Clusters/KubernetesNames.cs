using System.Text.RegularExpressions;

namespace CalicoIpam.Core.Clusters;

/// <summary>
/// Kubernetes' name and label rules with apimachinery's texts
/// (k8s.io/apimachinery/pkg/util/validation/validation.go). Returns null when valid, else the
/// detail kubectl prints after "Invalid value".
/// </summary>
public static class KubernetesNames
{
    private const string Dns1123SubdomainFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private const string Dns1123SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string QualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";
    private const string LabelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    private static readonly Regex Dns1123Subdomain = new("^" + Dns1123SubdomainFormat + "\\z", RegexOptions.CultureInvariant);
    private static readonly Regex QualifiedName = new("^" + QualifiedNameFormat + "\\z", RegexOptions.CultureInvariant);
    private static readonly Regex LabelValue = new("^" + LabelValueFormat + "\\z", RegexOptions.CultureInvariant);

    /// <summary>IsDNS1123Subdomain: object names such as nodes and namespaces' children.</summary>
    public static string? CheckSubdomain(string value)
    {
        if (value.Length > 253)
        {
            return "must be no more than 253 characters";
        }
        return Dns1123Subdomain.IsMatch(value)
            ? null
            : RegexError(Dns1123SubdomainMessage, Dns1123SubdomainFormat, "example.com");
    }

    private const string Dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private static readonly Regex Dns1123Label = new("^" + Dns1123LabelFormat + "\\z", RegexOptions.CultureInvariant);

    /// <summary>IsDNS1123Label: namespace names.</summary>
    public static string? CheckLabelName(string value)
    {
        if (value.Length > 63)
        {
            return "must be no more than 63 characters";
        }
        return Dns1123Label.IsMatch(value)
            ? null
            : RegexError(Dns1123LabelMessage, Dns1123LabelFormat, "my-name", "123-abc");
    }

    /// <summary>IsQualifiedName: a label key, an optional DNS subdomain prefix and '/'.</summary>
    public static string? CheckLabelKey(string key)
    {
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
                    return "prefix part must be non-empty";
                }
                var prefixError = CheckSubdomain(parts[0]);
                if (prefixError is not null)
                {
                    return "prefix part " + prefixError;
                }
                name = parts[1];
                break;
            default:
                return "a qualified name " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
        }
        if (name.Length == 0)
        {
            return "name part must be non-empty";
        }
        if (name.Length > 63)
        {
            return "name part must be no more than 63 characters";
        }
        return QualifiedName.IsMatch(name)
            ? null
            : "name part " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc");
    }

    /// <summary>IsValidLabelValue.</summary>
    public static string? CheckLabelValue(string value)
    {
        if (value.Length > 63)
        {
            return "must be no more than 63 characters";
        }
        return LabelValue.IsMatch(value)
            ? null
            : RegexError(LabelValueMessage, LabelValueFormat, "MyValue", "my_value", "12345");
    }

    // apimachinery's RegexError: examples joined with ",  or " (two spaces, as Kubernetes prints).
    private static string RegexError(string message, string format, params string[] examples) =>
        message + " (e.g. '" + string.Join("',  or '", examples) + "', regex used for validation is '" + format + "')";
}

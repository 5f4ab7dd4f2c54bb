using System.Globalization;
using System.Text.RegularExpressions;

namespace CalicoIpam.Core.Ipam;

/// <summary>
/// Calico's metadata name rule (libcalico-go validator v3 validateObjectMeta): a DNS-1123
/// subdomain of at most 253 characters, reported on field Metadata.Name.
/// </summary>
public static class ResourceNames
{
    public const int MaxLength = 253;

    /// <summary>The regex text Calico quotes in its message (nameSubdomainFmt).</summary>
    public const string SubdomainFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

    private static readonly Regex SubdomainRegex = new("^" + SubdomainFormat + "\\z", RegexOptions.CultureInvariant);

    /// <summary>True when <paramref name="name"/> is a DNS-1123 subdomain (length not checked).</summary>
    public static bool IsSubdomain(string name) => SubdomainRegex.IsMatch(name);

    /// <summary>Calico's errors for a bad name, in the order it reports them (length, then format).</summary>
    public static void Validate(string name, System.Collections.Generic.List<ErroredField> errors)
    {
        // Go's len() counts UTF-8 bytes, and Go's "$" (unlike .NET's) never matches before a final newline.
        var bytes = System.Text.Encoding.UTF8.GetByteCount(name);
        if (bytes > MaxLength)
        {
            errors.Add(new ErroredField("Metadata.Name", name,
                "name is too long by " + (bytes - MaxLength).ToString(CultureInfo.InvariantCulture) + " bytes"));
        }
        if (!IsSubdomain(name))
        {
            errors.Add(new ErroredField("Metadata.Name", name,
                "name must consist of lower case alphanumeric characters, '-' or '.' (regex: " + SubdomainFormat + ")"));
        }
    }
}

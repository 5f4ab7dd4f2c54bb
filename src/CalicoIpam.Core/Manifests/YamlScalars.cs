using System.Globalization;
using System.Text.RegularExpressions;

namespace CalicoIpam.Core.Manifests;

/// <summary>How YAML 1.1 (what Go's yaml.v2 reads) resolves plain scalars.</summary>
public static class YamlScalars
{
    private static readonly Regex Int = new(@"^[-+]?(0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|0o?[0-7_]+)\z", RegexOptions.CultureInvariant);
    private static readonly Regex Float = new(@"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?\z|^[-+]?\.(inf|Inf|INF)\z|^\.(nan|NaN|NAN)\z", RegexOptions.CultureInvariant);
    private static readonly Regex Timestamp = new(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ]|\z)", RegexOptions.CultureInvariant);

    /// <summary>True when a plain scalar with this text would not read back as a string.</summary>
    public static bool ReadsAsNonString(string text) =>
        text.Length == 0
        || IsBool(text) is not null
        || text is "~" or "null" or "Null" or "NULL"
        || Int.IsMatch(text) || Float.IsMatch(text) || Timestamp.IsMatch(text);

    /// <summary>YAML 1.1 booleans (true/false/yes/no/on/off in their three casings).</summary>
    public static bool? IsBool(string text) => text switch
    {
        "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y" => true,
        "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N" => false,
        _ => null,
    };

    public static bool TryInt(string text, out long value) =>
        long.TryParse(text.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}

using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Hashtables from the command line as string maps (labels, annotations).</summary>
internal static class Maps
{
    public static IReadOnlyDictionary<string, string> From(Hashtable? table)
    {
        var map = new SortedDictionary<string, string>(System.StringComparer.Ordinal);
        if (table is null)
        {
            return map;
        }
        foreach (DictionaryEntry entry in table)
        {
            map[System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? ""] =
                System.Convert.ToString(entry.Value, CultureInfo.InvariantCulture) ?? "";
        }
        return map;
    }

    /// <summary>Changes from the command line: a $null value means "remove this key".</summary>
    public static IReadOnlyDictionary<string, string?> Changes(Hashtable? table)
    {
        var map = new SortedDictionary<string, string?>(System.StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table ?? new Hashtable())
        {
            map[System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? ""] =
                entry.Value is null ? null : System.Convert.ToString(entry.Value, CultureInfo.InvariantCulture);
        }
        return map;
    }
}

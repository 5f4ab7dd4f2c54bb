using System;
using System.Globalization;

namespace CalicoIpam.Core.Text;

/// <summary>Go fmt verbs calicoctl prints numbers with.</summary>
public static class GoFormat
{
    /// <summary>%.&lt;precision&gt;g: shortest of %e and %f at that many significant digits,
    /// trailing zeros dropped; the exponent form when exp &lt; -4 or exp &gt;= precision.</summary>
    public static string G(double value, int precision)
    {
        if (value == 0)
        {
            return "0";
        }
        // Round to the significant digits first: the exponent is that of the rounded value.
        var scientific = value.ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var e = scientific.IndexOf('E');
        var mantissa = scientific.Substring(0, e);
        var exponent = int.Parse(scientific.Substring(e + 1), CultureInfo.InvariantCulture);
        if (exponent < -4 || exponent >= precision)
        {
            mantissa = TrimZeros(mantissa);
            var sign = exponent < 0 ? "-" : "+";
            var digits = Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            return mantissa + "e" + sign + digits;
        }
        var decimals = Math.Max(0, precision - 1 - exponent);
        return TrimZeros(value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }

    /// <summary>%.f: no decimals, ties to even (Go rounds the exact binary value).</summary>
    public static string F0(double value) =>
        Math.Round(value, MidpointRounding.ToEven).ToString("F0", CultureInfo.InvariantCulture);

    private static string TrimZeros(string number)
    {
        if (number.IndexOf('.') < 0)
        {
            return number;
        }
        number = number.TrimEnd('0');
        return number.EndsWith(".", StringComparison.Ordinal) ? number.Substring(0, number.Length - 1) : number;
    }
}

using System.Globalization;

namespace Asd.Workflow.Evaluation.Metrics;

/// <summary>
/// A double as Python's <c>repr</c>/<c>str</c> writes it (what <c>csv.writer</c> writes for a float or a numpy
/// float64): the shortest digits that round-trip (the same digits as .NET's "R"), positional for decimal exponents
/// −4 to 15 with ".0" after a whole number, otherwise <c>d.ddde±XX</c>; <c>nan</c>, <c>inf</c>, <c>-inf</c>.
/// Exact: the text equals Python's byte for byte.
/// </summary>
public static class PythonFloat
{
    public static string Repr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";
        var (digits, exponent) = Decompose(Math.Abs(value).ToString("R", CultureInfo.InvariantCulture));
        var sign = value < 0 ? "-" : "";
        if (exponent is < -4 or >= 16)
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return $"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }
        if (exponent < 0) return $"{sign}0.{new string('0', -exponent - 1)}{digits}";
        var integer = digits.Length > exponent + 1 ? digits[..(exponent + 1)] : digits.PadRight(exponent + 1, '0');
        var fraction = digits.Length > exponent + 1 ? digits[(exponent + 1)..] : "0";
        return $"{sign}{integer}.{fraction}";
    }

    /// <summary>Significant digits (no leading or trailing zeros) and the decimal exponent of the first one.</summary>
    private static (string Digits, int Exponent) Decompose(string r)
    {
        var e = r.IndexOf('E');
        var mantissa = e < 0 ? r : r[..e];
        var shift = e < 0 ? 0 : int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var all = mantissa.Replace(".", "");
        var pointAt = point < 0 ? mantissa.Length : point;
        var firstNonZero = all.TakeWhile(c => c == '0').Count();
        var digits = all[firstNonZero..].TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, pointAt - firstNonZero - 1 + shift);
    }
}

using System.Globalization;
using System.Text;

namespace Asd.Workflow.Core.Data;

/// <summary>One <c>name,value</c> row of a challenge CSV file, with its 1-based line number and the value as written.</summary>
public sealed record NameValueRow(string Name, double Value, int Line, string Text);

/// <summary>
/// The challenge's per-clip CSV files (anomaly scores, decision results): no header, <c>name,value</c> rows, LF or
/// CRLF, blank lines ignored, the value after the last comma. One parser for <c>asd evaluate --scores</c> and the
/// import activity: every malformed row and every value that is not a finite number is a problem with
/// <c>PATH:LINE</c>, all collected; the caller decides their kind (bad usage or bad data).
/// </summary>
public static class NameValueCsv
{
    /// <returns>The good rows, a problem line per bad row, and the names the bad rows start with (their row exists, it is bad).</returns>
    public static (List<NameValueRow> Rows, List<string> Problems, HashSet<string> BadNames) Parse(string path, byte[] bytes, string what)
    {
        var rows = new List<NameValueRow>();
        var problems = new List<string>();
        var badNames = new HashSet<string>(StringComparer.Ordinal);
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            var comma = line.LastIndexOf(',');
            if (comma <= 0 || !TryParse(line[(comma + 1)..], out var value))
            {
                problems.Add($"{path}:{i + 1}: expected 'name,{what}', got '{(line.Length > 60 ? line[..60] + "…" : line)}'");
                badNames.Add(comma <= 0 ? line : line[..comma]);
                continue;
            }
            if (!double.IsFinite(value))
            {
                problems.Add($"{path}:{i + 1}: {what} '{line[(comma + 1)..]}' of {line[..comma]} is not a finite number");
                badNames.Add(line[..comma]);
                continue;
            }
            rows.Add(new NameValueRow(line[..comma], value, i + 1, line[(comma + 1)..]));
        }
        return (rows, problems, badNames);
    }

    // .NET's number syntax plus Python's spellings of infinity ("inf", "-inf"), so that they are reported as not finite.
    private static bool TryParse(string text, out double value)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        var word = text.Trim().ToLowerInvariant();
        value = word is "inf" or "+inf" ? double.PositiveInfinity : word == "-inf" ? double.NegativeInfinity : 0;
        return word is "inf" or "+inf" or "-inf";
    }
}

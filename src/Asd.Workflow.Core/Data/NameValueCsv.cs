using System.Globalization;
using System.Text;

namespace Asd.Workflow.Core.Data;

/// <summary>One <c>name,value</c> row of a challenge CSV file, with its 1-based line number and the value as written.</summary>
public sealed record NameValueRow(string Name, double Value, int Line, string Text);

/// <summary>What the values of a challenge CSV file are; each kind has one rule (<see cref="NameValueCsv.Check"/>).</summary>
public enum NameValueKind
{
    /// <summary>An anomaly score (<c>anomaly_score_*</c>): a finite number, invariant culture.</summary>
    Score,

    /// <summary>A decision (<c>decision_result_*</c>): written <c>0</c> (normal) or <c>1</c> (anomaly) and nothing else, as the official files are.</summary>
    Decision,
}

/// <summary>
/// The challenge's per-clip CSV files (anomaly scores, decision results): no header, <c>name,value</c> rows, LF or
/// CRLF, blank lines ignored, the value after the last comma. One parser for <c>asd evaluate --scores</c> and the
/// import activity, and the one rule for a value of each <see cref="NameValueKind"/>, which <c>asd validate</c>
/// applies too: every malformed row and every bad value is a problem with <c>PATH:LINE</c>, all collected; the
/// caller decides their kind (bad usage or bad data).
/// </summary>
public static class NameValueCsv
{
    /// <returns>The good rows, a problem line per bad row, and the names the bad rows start with (their row exists, it is bad).</returns>
    public static (List<NameValueRow> Rows, List<string> Problems, HashSet<string> BadNames) Parse(string path, byte[] bytes, NameValueKind kind)
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
            if (comma <= 0)
            {
                problems.Add($"{path}:{i + 1}: expected 'name,{Word(kind)}', got '{(line.Length > 60 ? line[..60] + "…" : line)}'");
                badNames.Add(line);
                continue;
            }
            var (name, text) = (line[..comma], line[(comma + 1)..]);
            if (Check(kind, name, text, out var value) is { } problem)
            {
                problems.Add($"{path}:{i + 1}: {problem}");
                badNames.Add(name);
                continue;
            }
            rows.Add(new NameValueRow(name, value, i + 1, text));
        }
        return (rows, problems, badNames);
    }

    /// <summary>
    /// The one rule for a value as written: a score is a finite number (.NET's invariant number syntax); a decision is
    /// exactly <c>0</c> or <c>1</c> ("1.0", " 1" or "true" are refused: the official files write 0/1, and a file that
    /// writes otherwise was not made for the official evaluator).
    /// </summary>
    /// <returns>Null when the value is good (<paramref name="value"/> holds it), else what is wrong and what to write instead.</returns>
    public static string? Check(NameValueKind kind, string name, string text, out double value)
    {
        value = 0;
        if (kind == NameValueKind.Decision)
        {
            if (text is "0" or "1") { value = text == "1" ? 1 : 0; return null; }
            return $"decision '{text}' of {name} is not 0 or 1; write 0 (normal) or 1 (anomaly)";
        }
        if (!TryParse(text, out value)) return $"score '{text}' of {name} is not a number; write a finite decimal number";
        return double.IsFinite(value) ? null : $"score '{text}' of {name} is not a finite number; write a finite decimal number";
    }

    private static string Word(NameValueKind kind) => kind == NameValueKind.Decision ? "decision" : "score";

    // .NET's number syntax plus Python's spellings of infinity ("inf", "-inf"), so that they are reported as not finite.
    private static bool TryParse(string text, out double value)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        var word = text.Trim().ToLowerInvariant();
        value = word is "inf" or "+inf" ? double.PositiveInfinity : word == "-inf" ? double.NegativeInfinity : 0;
        return word is "inf" or "+inf" or "-inf";
    }
}

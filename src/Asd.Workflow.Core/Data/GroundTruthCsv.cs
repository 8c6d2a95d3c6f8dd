using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Core.Data;

/// <summary>
/// The official ground-truth CSVs: <c>ground_truth_data/…</c> rows <c>name,label</c> (0 = normal, 1 = anomaly)
/// and <c>ground_truth_domain/…</c> rows <c>name,domain</c> (0 or source, 1 or target); no header, blank lines
/// and a BOM ignored, fields after the second ignored. One parser for the data-set reader and
/// <c>asd evaluate --ground-truth</c>: every bad row (a missing field, a value other than the allowed ones, a
/// name given twice) is reported at once as bad data with file:line.
/// </summary>
public static class GroundTruthCsv
{
    /// <summary>Labels by clip name; <paramref name="path"/> names the file in errors.</summary>
    public static Dictionary<string, int> Labels(string path, IEnumerable<string> lines) =>
        Parse(path, lines, "label", v => v is "0" or "1" ? v : null, "0 (normal) or 1 (anomaly)")
            .ToDictionary(r => r.Key, r => r.Value == "1" ? 1 : 0, StringComparer.Ordinal);

    /// <summary>Domains ("source" or "target") by clip name.</summary>
    public static Dictionary<string, string> Domains(string path, IEnumerable<string> lines) =>
        Parse(path, lines, "domain", v => v switch { "0" or "source" => "source", "1" or "target" => "target", _ => null }, "0 or source, 1 or target");

    // Rows by name with the value normalised by `value` (null: not allowed).
    private static Dictionary<string, string> Parse(string path, IEnumerable<string> lines, string what, Func<string, string?> value, string allowed)
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var problems = new List<string>();
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0) continue;
            var fields = line.Split(',');
            if (fields.Length < 2) { problems.Add($"{path}:{number}: expected 'name,{what}', got '{Preview(line)}'"); continue; }
            var (name, text) = (fields[0].Trim(), fields[1].Trim());
            if (value(text) is not { } parsed) { problems.Add($"{path}:{number}: {what} '{Preview(text)}' of {name} is not {allowed}"); continue; }
            if (!firstLine.TryAdd(name, number)) { problems.Add($"{path}:{number}: duplicate row for {name} (first at line {firstLine[name]})"); continue; }
            rows[name] = parsed;
        }
        if (problems.Count > 0) throw AsdException.BadRows(path, problems);
        return rows;
    }

    private static string Preview(string text) => text.Length > 60 ? text[..60] + "…" : text;
}

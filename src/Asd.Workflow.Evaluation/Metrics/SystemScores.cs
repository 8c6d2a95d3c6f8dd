using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Evaluation.Metrics;

/// <summary>
/// Joins a system's test scores with the ground truth by file name (never by position): a missing, extra or
/// duplicated name is an error that lists the files.
/// </summary>
public static class SystemScores
{
    /// <param name="allowMissing">When true, test clips without a score (clips decode skipped) are left out, not an error.</param>
    public static IReadOnlyList<LabeledScore> Join(GroundTruth truth, IReadOnlyList<ScoreRow> rows, string where, bool allowMissing = false)
    {
        var problems = new List<string>();
        var byName = new Dictionary<string, ScoreRow>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var name = row.Clip;
            if (name.Length > 0 && name[0] == '\uFEFF') problems.Add($"{where}: '{name.TrimStart('\uFEFF')}' starts with a UTF-8 BOM (the official tool would silently mis-score this file); save without BOM");
            if (!byName.TryAdd(name, row)) problems.Add($"{where}: duplicate row for {name}");
        }
        var expected = truth.Entries.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Where(n => !byName.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
        var extra = byName.Keys.Where(n => !expected.Contains(n) && n.TrimStart('\uFEFF') is var t && !(n != t && expected.Contains(t))).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0 && !allowMissing) problems.Add($"{where}: {missing.Count} test clip(s) have no score: {Preview(missing)}");
        if (extra.Count > 0)
            problems.Add($"{where}: {extra.Count} row(s) name no test clip: {Preview(extra)}" +
                          (missing.Count == extra.Count && missing.Count > 0 ? " (renamed files? the official tool aligns rows by sorted position and would silently mis-score them)" : ""));
        if (problems.Count > 0) throw AsdException.BadInput($"{where}: scores do not match the ground truth", problems);
        return truth.Entries.Where(e => byName.ContainsKey(e.Name))
            .Select(e => new LabeledScore(e.Name, e.Label, e.Domain, byName[e.Name].Score, byName[e.Name].Decision)).ToList();
    }

    private static string Preview(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(5)) + (names.Count > 5 ? $" … (+{names.Count - 5} more)" : "");
}

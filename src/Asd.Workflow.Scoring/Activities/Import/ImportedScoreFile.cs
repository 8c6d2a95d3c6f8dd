using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Scoring.Activities.Import;

/// <summary>
/// One imported score file checked against the clip inventory of its split: every row parses to a finite score
/// (<see cref="NameValueCsv"/>), no name twice, no name outside the inventory, no inventory clip without a row (a clip whose row is bad is reported once, for that row).
/// All problems are reported at once, each with file:line (a missing clip names the file), as bad data (exit 1).
/// </summary>
public static class ImportedScoreFile
{
    public const string Prefix = "anomaly_score_";

    public static string FileName(string machine, string section, string split) => $"{Prefix}{machine}_section_{section}_{split}.csv";

    /// <summary>The inventory's clips with their imported scores, in inventory order (sorted by name).</summary>
    public static ScoreTable Read(string path, byte[] bytes, ClipInventory inventory)
    {
        var (rows, problems, badNames) = NameValueCsv.Parse(path, bytes, NameValueKind.Score);
        var clips = inventory.Clips.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var byName = new Dictionary<string, NameValueRow>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (byName.TryGetValue(row.Name, out var first)) problems.Add($"{path}:{row.Line}: duplicate row for {row.Name} (first at line {first.Line})");
            else if (!clips.ContainsKey(row.Name)) problems.Add($"{path}:{row.Line}: {row.Name} is not a {inventory.Split} clip of {inventory.Machine} section {inventory.Section}");
            else byName[row.Name] = row;
        }
        var missing = inventory.Clips.Where(c => !byName.ContainsKey(c.Name) && !badNames.Contains(c.Name)).Select(c => c.Name).ToList();
        if (missing.Count > 0)
            problems.Add($"{path}: no row for {missing.Count} {inventory.Split} clip(s): {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? $" … (+{missing.Count - 5} more)" : "")}");
        if (problems.Count > 0) throw AsdException.BadRows(path, problems);
        return new ScoreTable(inventory.Clips.Select(c => new ScoreRow(c.Name, c.Domain, byName[c.Name].Value)).ToList());
    }
}

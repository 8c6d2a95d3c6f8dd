using System.Text;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Evaluation.Activities.Package;

namespace Asd.Workflow.Evaluation.Validation;

/// <summary>One problem of a submission package, with file and line (0 = the file as a whole).</summary>
public sealed record PackageProblem(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>
/// Checks a submission package folder against the test set: at most four system folders; for every system,
/// both files of every machine and section; names exactly the test set's; no header, BOM, blank line or
/// duplicate; every value by its one rule (<see cref="NameValueCsv.Check"/>, which <c>asd evaluate</c> reads by): every
/// score finite, every decision written 0 or 1.
/// </summary>
public static class PackageValidator
{
    public static IReadOnlyList<PackageProblem> Validate(string packageDir, IReadOnlyList<ClipInventory> testSets)
    {
        var problems = new List<PackageProblem>();
        var systems = Directory.Exists(packageDir) ? Directory.GetDirectories(packageDir).Order(StringComparer.Ordinal).ToList() : [];
        if (systems.Count == 0) problems.Add(new(packageDir, 0, "holds no system folder (expected <system>/anomaly_score_<machine>_section_<SS>_test.csv …)"));
        if (systems.Count > PackageActivity.MaxSystems) problems.Add(new(packageDir, 0, $"holds {systems.Count} systems, at most {PackageActivity.MaxSystems} are allowed"));
        foreach (var system in systems)
        {
            var expectedFiles = new HashSet<string>(StringComparer.Ordinal);
            foreach (var set in testSets)
            {
                var names = set.Clips.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
                var scoreFile = SubmissionFiles.ScoreFile(set.Machine, set.Section);
                var decisionFile = SubmissionFiles.DecisionFile(set.Machine, set.Section);
                expectedFiles.Add(scoreFile); expectedFiles.Add(decisionFile);
                CheckFile(Path.Combine(system, scoreFile), names, isDecision: false, problems);
                CheckFile(Path.Combine(system, decisionFile), names, isDecision: true, problems);
            }
            foreach (var extra in Directory.GetFiles(system).Select(Path.GetFileName).Where(f => !expectedFiles.Contains(f!)).Order(StringComparer.Ordinal))
                problems.Add(new(Path.Combine(system, extra!), 0, "is not a file of this test set (unknown machine or section)"));
        }
        return problems;
    }

    private static void CheckFile(string path, HashSet<string> expected, bool isDecision, List<PackageProblem> problems)
    {
        if (!File.Exists(path)) { problems.Add(new(path, 0, "is missing")); return; }
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) problems.Add(new(path, 1, "starts with a UTF-8 BOM; save without BOM"));
        var text = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        if (text.Contains('\r')) problems.Add(new(path, 0, "has CR line ends; use LF"));
        var lines = text.Split('\n');
        if (lines.Length > 0 && lines[^1].Length == 0) lines = lines[..^1];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var at = i + 1;
            if (line.Length == 0) { problems.Add(new(path, at, "blank line")); continue; }
            var fields = line.Split(',');
            if (fields.Length != 2) { problems.Add(new(path, at, $"expected 'name,value', got '{Trim(line)}'")); continue; }
            var (name, value) = (fields[0], fields[1]);
            if (i == 0 && !name.EndsWith(".wav", StringComparison.OrdinalIgnoreCase)) { problems.Add(new(path, at, $"looks like a header ('{Trim(line)}'); files have no header")); continue; }
            if (!seen.Add(name)) problems.Add(new(path, at, $"duplicate name {name}"));
            if (!expected.Contains(name)) problems.Add(new(path, at, $"{name} is not a test clip of this machine and section"));
            if (NameValueCsv.Check(isDecision ? NameValueKind.Decision : NameValueKind.Score, name, value, out _) is { } bad) problems.Add(new(path, at, bad));
        }
        foreach (var missing in expected.Where(n => !seen.Contains(n)).Order(StringComparer.Ordinal))
            problems.Add(new(path, 0, $"has no row for test clip {missing}"));
    }

    private static string Trim(string s) => s.Length > 60 ? s[..60] + "…" : s;
}

using System.Text.RegularExpressions;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Evaluation.Metrics;

/// <summary>
/// Reads the official evaluator's ground truth: <c>ground_truth_data/ground_truth_&lt;machine&gt;_section_&lt;SS&gt;_test.csv</c>
/// (name,label) and <c>ground_truth_domain/…</c> (name,0|1 for source|target), no header.
/// </summary>
public static partial class OfficialGroundTruth
{
    public static IReadOnlyList<GroundTruth> Read(string directory)
    {
        var dataDir = Path.Combine(directory, "ground_truth_data");
        if (!Directory.Exists(dataDir)) throw AsdException.BadInput($"{directory}: no ground_truth_data/ folder (expected the official ground-truth CSVs)");
        var result = new List<GroundTruth>();
        foreach (var file in Directory.GetFiles(dataDir, "ground_truth_*_test.csv").Order(StringComparer.Ordinal))
        {
            var m = FileName().Match(Path.GetFileName(file));
            if (!m.Success) continue;
            var domainFile = Path.Combine(directory, "ground_truth_domain", Path.GetFileName(file));
            var domains = File.Exists(domainFile) ? GroundTruthCsv.Domains(domainFile, File.ReadLines(domainFile)) : [];
            var entries = GroundTruthCsv.Labels(file, File.ReadLines(file)).Select(r => new TruthEntry(r.Key, r.Value,
                domains.GetValueOrDefault(r.Key) ?? (r.Key.Contains("_target_", StringComparison.Ordinal) ? "target" : r.Key.Contains("_source_", StringComparison.Ordinal) ? "source" : "unknown")))
                .OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
            result.Add(new GroundTruth(m.Groups[1].Value, m.Groups[2].Value, entries));
        }
        if (result.Count == 0) throw AsdException.BadInput($"{dataDir}: no ground_truth_<machine>_section_<SS>_test.csv file");
        return result;
    }

    [GeneratedRegex(@"^ground_truth_(.+)_section_(\d{2})_test\.csv$")]
    private static partial Regex FileName();
}

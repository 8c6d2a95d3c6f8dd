using System.Globalization;
using System.Text;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Evaluation.Activities.Package;

namespace Asd.Workflow.Evaluation.Metrics;

/// <summary>Reads a system's submission-format score and decision files from a folder.</summary>
public static class ScoreFiles
{
    /// <summary>Rows of one section (decisions joined when the decision file exists); errors carry file:line.</summary>
    public static IReadOnlyList<ScoreRow> Read(string directory, string machine, string section)
    {
        var scorePath = Path.Combine(directory, SubmissionFiles.ScoreFile(machine, section));
        if (!File.Exists(scorePath)) throw AsdException.BadInput($"{scorePath}: missing (every machine and section of the test set needs an anomaly-score file)");
        var scores = Parse(scorePath, isDecision: false);
        var decisionPath = Path.Combine(directory, SubmissionFiles.DecisionFile(machine, section));
        var decisions = File.Exists(decisionPath) ? Parse(decisionPath, isDecision: true).ToDictionary(p => p.Name, p => (int)p.Value, StringComparer.Ordinal) : null;
        return scores.Select(s => new ScoreRow(s.Name, "", s.Value, decisions is not null && decisions.TryGetValue(s.Name, out var d) ? d : null)).ToList();
    }

    private static List<(string Name, double Value)> Parse(string path, bool isDecision)
    {
        var rows = new List<(string, double)>();
        var problems = new List<string>();
        var lines = Encoding.UTF8.GetString(File.ReadAllBytes(path)).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            var comma = line.LastIndexOf(',');
            if (comma <= 0 || !double.TryParse(line[(comma + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                problems.Add($"{path}:{i + 1}: expected 'name,{(isDecision ? "0|1" : "score")}', got '{(line.Length > 60 ? line[..60] + "…" : line)}'");
                continue;
            }
            if (!double.IsFinite(value))
            {
                problems.Add($"{path}:{i + 1}: {(isDecision ? "decision" : "score")} '{line[(comma + 1)..]}' of {line[..comma]} is not a finite number");
                continue;
            }
            if (isDecision && value is not (0 or 1))
            {
                problems.Add($"{path}:{i + 1}: decision '{line[(comma + 1)..]}' of {line[..comma]} is not 0 or 1");
                continue;
            }
            rows.Add((line[..comma], value));
        }
        if (problems.Count == 1) throw AsdException.BadInput(problems[0]);
        if (problems.Count > 0) throw AsdException.BadInput($"{path}: {problems.Count} unparsable row(s)", problems);
        return rows;
    }
}

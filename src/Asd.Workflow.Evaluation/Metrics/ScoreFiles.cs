using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Evaluation.Activities.Package;

namespace Asd.Workflow.Evaluation.Metrics;

/// <summary>Reads a system's submission-format score and decision files from a folder.</summary>
public static class ScoreFiles
{
    /// <summary>
    /// Rows of one section (decisions joined when the decision file exists). A bad row is bad data (exit 1), every one
    /// reported at once with file:line, by the one rule for values (<see cref="NameValueCsv.Check"/>, which
    /// <c>asd validate</c> applies too); a missing score file is bad usage (exit 2).
    /// </summary>
    public static IReadOnlyList<ScoreRow> Read(string directory, string machine, string section)
    {
        var scorePath = Path.Combine(directory, SubmissionFiles.ScoreFile(machine, section));
        if (!File.Exists(scorePath)) throw AsdException.BadInput($"{scorePath}: missing (every machine and section of the test set needs an anomaly-score file)");
        var scores = Parse(scorePath, NameValueKind.Score);
        var decisionPath = Path.Combine(directory, SubmissionFiles.DecisionFile(machine, section));
        var decisions = File.Exists(decisionPath) ? Parse(decisionPath, NameValueKind.Decision).ToDictionary(p => p.Name, p => (int)p.Value, StringComparer.Ordinal) : null;
        return scores.Select(s => new ScoreRow(s.Name, "", s.Value, decisions is not null && decisions.TryGetValue(s.Name, out var d) ? d : null)).ToList();
    }

    private static List<NameValueRow> Parse(string path, NameValueKind kind)
    {
        var (rows, problems, _) = NameValueCsv.Parse(path, File.ReadAllBytes(path), kind);
        if (problems.Count > 0) throw AsdException.BadRows(path, problems); // bad data (exit 1), as for an imported score file
        return rows;
    }
}

using System.Globalization;
using System.Text;
using Asd.Workflow.Core.Data;

namespace Asd.Workflow.Evaluation.Activities.Package;

/// <summary>
/// The challenge's submission file format: <c>anomaly_score_&lt;machine&gt;_section_&lt;SS&gt;_test.csv</c> and
/// <c>decision_result_…</c>, no header, no BOM, LF line ends, <c>name,value</c> sorted by name, scores written
/// round-trip exact, decisions 0 or 1.
/// </summary>
public static class SubmissionFiles
{
    public static string ScoreFile(string machine, string section) => $"anomaly_score_{machine}_section_{section}_test.csv";
    public static string DecisionFile(string machine, string section) => $"decision_result_{machine}_section_{section}_test.csv";

    public static byte[] Scores(IEnumerable<ScoreRow> rows) => Lines(rows, r => r.Score.ToString("R", CultureInfo.InvariantCulture));

    public static byte[] Decisions(IEnumerable<ScoreRow> rows) =>
        Lines(rows, r => (r.Decision ?? throw new InvalidOperationException($"clip {r.Clip} has no decision")).ToString(CultureInfo.InvariantCulture));

    private static byte[] Lines(IEnumerable<ScoreRow> rows, Func<ScoreRow, string> value)
    {
        var text = new StringBuilder();
        foreach (var row in rows.OrderBy(r => r.Clip, StringComparer.Ordinal)) text.Append(row.Clip).Append(',').Append(value(row)).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}

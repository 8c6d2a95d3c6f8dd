using System.Text;

namespace Asd.Workflow.Evaluation.Metrics;

/// <summary>
/// A system's results in the official tool's CSV layout, so a team can diff it against theirs. Per machine
/// (sorted by name): a line with the machine name (as the official evaluator writes it), then the DCASE
/// 2023/2024 baseline's result file for that machine — header
/// <c>section,AUC (source),AUC (target),pAUC,pAUC (source),pAUC (target),precision (source),…,F1 score (target)</c>,
/// one row per section, <c>arithmetic mean</c> and <c>harmonic mean</c> over its sections
/// (<c>numpy.mean</c> / <c>scipy.stats.hmean(max(v, ε))</c> along axis 0), a blank line. Then the same two means
/// over every machine and section, a blank line, and the evaluator's <c>official score</c>. Numbers are written as
/// Python writes them (<see cref="PythonFloat"/>), rows end in LF as <c>csv.writer(lineterminator='\n')</c> does.
/// </summary>
public static class OfficialResultCsv
{
    public static string Header => "section," + string.Join(',', MetricRow.Columns);

    public static string Write(OverallResult result)
    {
        var csv = new StringBuilder();
        foreach (var machine in result.Sections.GroupBy(s => s.Machine).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var sections = machine.OrderBy(s => s.Section, StringComparer.Ordinal).ToList();
            csv.Append(machine.Key).Append('\n').Append(Header).Append('\n');
            foreach (var s in sections) Row(csv, s.Section, s.Row);
            Means(csv, sections.Select(s => s.Row).ToList(), "");
            csv.Append('\n');
        }
        Means(csv, result.Sections.Select(s => s.Row).ToList(), " over all machine types and sections");
        csv.Append('\n');
        csv.Append("official score,").Append(PythonFloat.Repr(result.OfficialScore)).Append('\n');
        return csv.ToString();
    }

    private static void Means(StringBuilder csv, IReadOnlyList<MetricRow> rows, string suffix)
    {
        Row(csv, "arithmetic mean" + suffix, MetricRow.Reduce(rows, harmonic: false));
        Row(csv, "harmonic mean" + suffix, MetricRow.Reduce(rows, harmonic: true));
    }

    private static void Row(StringBuilder csv, string label, MetricRow row) =>
        csv.Append(label).Append(',').Append(string.Join(',', row.Values.Select(PythonFloat.Repr))).Append('\n');
}

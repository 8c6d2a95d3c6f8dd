using System.Globalization;
using System.Text;
using Asd.Workflow.Evaluation.Metrics;

namespace Asd.Workflow.Evaluation.Reports;

/// <summary>Markdown and CSV renderings of results in the form of the seed's Table 2, plus a per-machine table.</summary>
public static class ResultsTable
{
    public static string Markdown(IReadOnlyList<(string System, OverallResult Result)> systems)
    {
        var md = new StringBuilder();
        md.Append("| System | H | mean AUC | mean pAUC | source AUC | target AUC | target FP ratio |\n");
        md.Append("|---|---|---|---|---|---|---|\n");
        foreach (var (name, r) in systems)
            md.Append($"| {name} | {F(r.OfficialScore)} | {F(r.MeanAuc)} | {F(r.MeanPauc)} | {F(r.MeanAucSource)} | {F(r.MeanAucTarget)} | {F(r.TargetFpRatio)} |\n");
        md.Append("\n| System | Machine | Section | AUC source | AUC target | pAUC | target FP ratio |\n");
        md.Append("|---|---|---|---|---|---|---|\n");
        foreach (var (name, r) in systems)
            foreach (var s in r.Sections)
                md.Append($"| {name} | {s.Machine} | {s.Section} | {F(s.AucSource)} | {F(s.AucTarget)} | {F(s.Pauc)} | {F(s.TargetFpRatio)} |\n");
        return md.ToString();
    }

    /// <summary>One CSV per system in the official tool's result layout (<see cref="OfficialResultCsv"/>).</summary>
    public static string Csv(OverallResult r) => OfficialResultCsv.Write(r);

    private static string F(double? v) => v is null ? "–" : v.Value.ToString("0.000000", CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;
using Asd.Workflow.Evaluation.Metrics;

namespace Asd.Workflow.Evaluation.Reports;

/// <summary>
/// Markdown and CSV renderings of results in the form of the seed's Table 2, plus a per-machine table and the
/// audit tables (<see cref="AuditTables"/>: the seed's Tables 4 and 3).
/// </summary>
public static class ResultsTable
{
    public static string Markdown(IReadOnlyList<(string System, OverallResult Result)> systems, AuditTables? audit = null)
    {
        var md = new StringBuilder();
        md.Append("| System | H | mean AUC | mean pAUC | source AUC | target AUC | target FP ratio |\n");
        md.Append("|---|---|---|---|---|---|---|\n");
        foreach (var (name, r) in systems)
            md.Append($"| {name} | {F(r.OfficialScore)} | {F(r.MeanAuc)} | {F(r.MeanPauc)} | {F(r.MeanAucSource)} | {F(r.MeanAucTarget)} | {F(r.TargetFpRatio)} |\n");
        md.Append("\n| System | Machine | Section | AUC source | AUC target | pAUC | pAUC source | pAUC target | target FP ratio |\n");
        md.Append("|---|---|---|---|---|---|---|---|---|\n");
        foreach (var (name, r) in systems)
            foreach (var s in r.Sections)
                md.Append($"| {name} | {s.Machine} | {s.Section} | {F(s.AucSource)} | {F(s.AucTarget)} | {F(s.Pauc)} | {F(Cell(s.PaucSource))} | {F(Cell(s.PaucTarget))} | {F(s.TargetFpRatio)} |\n");
        audit ??= AuditTables.Of(systems);
        md.Append($"\n## Hardest cells of {audit.Primary}\n\n{HardestCaption(audit)}\n\n| Cell | Machine | Section | Value |\n|---|---|---|---|\n");
        foreach (var c in audit.Hardest) md.Append($"| {c.Metric} | {c.Machine} | {c.Section} | {F(c.Value)} |\n");
        md.Append($"\n## Candidate comparison\n\n{CandidatesCaption(audit)}\n\n")
          .Append($"| Candidate | H | mean AUC | mean pAUC | target FP ratio | ΔH | Δ mean pAUC | Δ target FP |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var c in audit.Candidates)
            md.Append($"| {c.System} | {F(c.H)} | {F(c.MeanAuc)} | {F(c.MeanPauc)} | {F(c.TargetFpRatio)} | {Signed(c.DeltaH)} | {Signed(c.DeltaPauc)} | {Signed(c.DeltaTargetFp)} |\n");
        return md.ToString();
    }

    public static string HardestCaption(AuditTables audit) =>
        $"The lowest target-AUC and pAUC cells of {audit.Primary} (the seed's Table 4): where the system is weakest.";

    public static string CandidatesCaption(AuditTables audit) =>
        $"Every system against {audit.Reference} (the seed's Table 3). The target FP ratio — target-domain normal test clips " +
        "decided anomalous at the train-normal threshold — is a diagnostic, not an official metric; lower is better.";

    /// <summary>A difference with its sign, six decimals; "–" when either side has no value.</summary>
    public static string Signed(double? v) => v is null ? "–" : v.Value.ToString("+0.000000;-0.000000;0.000000", CultureInfo.InvariantCulture);

    /// <summary>One CSV per system in the official tool's result layout (<see cref="OfficialResultCsv"/>).</summary>
    public static string Csv(OverallResult r) => OfficialResultCsv.Write(r);

    /// <summary>A per-domain cell that has no clips of its domain (NaN) shows as "–".</summary>
    public static double? Cell(double v) => double.IsNaN(v) ? null : v;

    public static string F(double? v) => v is null ? "–" : v.Value.ToString("0.000000", CultureInfo.InvariantCulture);
}

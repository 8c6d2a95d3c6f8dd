using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Evaluation.Metrics;

/// <summary>One scored test clip with its ground truth.</summary>
public sealed record LabeledScore(string Name, int Label, string Domain, double Score, int? Decision = null);

/// <summary>
/// The official metric cells (and the reported extras) of one (machine, section). <see cref="PaucSource"/> and
/// <see cref="PaucTarget"/> are the official baseline's per-domain pAUC (that domain's clips only; NaN when the
/// domain lacks normals or anomalies, where scikit-learn raises).
/// </summary>
public sealed record SectionResult(
    string Machine, string Section, double AucSource, double AucTarget, double AucAll, double Pauc,
    DomainDecisions Source, DomainDecisions Target, double? TargetFpRatio, double PaucSource = double.NaN, double PaucTarget = double.NaN)
{
    /// <summary>The section's row in the official result layout (<see cref="MetricRow.Columns"/>).</summary>
    public MetricRow Row => new(AucSource, AucTarget, Pauc, PaucSource, PaucTarget,
        Source.Precision, Target.Precision, Source.Recall, Target.Recall, Source.F1, Target.F1);
}

/// <summary>Precision, recall and F1 of the decisions in one domain (ε-guarded denominators).</summary>
public sealed record DomainDecisions(double Precision, double Recall, double F1);

/// <summary>
/// Harmonic and arithmetic means over sections, as the official tool reports them. <see cref="ArithmeticMean"/>
/// and <see cref="HarmonicMean"/> hold every column of the official result layout, averaged over sections.
/// </summary>
public sealed record OverallResult(
    IReadOnlyList<SectionResult> Sections, double OfficialScore, double HmeanAucSource, double HmeanAucTarget, double HmeanPauc,
    double MeanAuc, double MeanPauc, double MeanAucSource, double MeanAucTarget, double? TargetFpRatio)
{
    public MetricRow ArithmeticMean => MetricRow.Reduce(Sections.Select(s => s.Row).ToList(), harmonic: false);
    public MetricRow HarmonicMean => MetricRow.Reduce(Sections.Select(s => s.Row).ToList(), harmonic: true);
}

/// <summary>
/// The columns of the official result CSV (the DCASE 2023/2024 baseline's <c>source_target</c> layout), for one
/// section or a mean over sections.
/// </summary>
public sealed record MetricRow(
    double AucSource, double AucTarget, double Pauc, double PaucSource, double PaucTarget,
    double PrecisionSource, double PrecisionTarget, double RecallSource, double RecallTarget, double F1Source, double F1Target)
{
    public static readonly string[] Columns =
    [
        "AUC (source)", "AUC (target)", "pAUC", "pAUC (source)", "pAUC (target)", "precision (source)", "precision (target)",
        "recall (source)", "recall (target)", "F1 score (source)", "F1 score (target)",
    ];

    public double[] Values => [AucSource, AucTarget, Pauc, PaucSource, PaucTarget, PrecisionSource, PrecisionTarget, RecallSource, RecallTarget, F1Source, F1Target];

    /// <summary>
    /// Column-wise mean over rows as the official tool computes it: <c>numpy.mean(rows, axis=0)</c> or
    /// <c>scipy.stats.hmean(numpy.maximum(rows, ε), axis=0)</c>. Reducing along axis 0 of a row-major array adds
    /// the rows one after another, so the sums here are sequential (bit-identical to numpy, not only within a tolerance).
    /// </summary>
    public static MetricRow Reduce(IReadOnlyList<MetricRow> rows, bool harmonic)
    {
        var result = new double[Columns.Length];
        for (var c = 0; c < result.Length; c++)
        {
            double sum = 0;
            foreach (var row in rows) sum += harmonic ? 1.0 / Math.Max(row.Values[c], DcaseMetrics.Epsilon) : row.Values[c];
            var mean = sum / rows.Count;
            result[c] = harmonic ? 1.0 / mean : mean;
        }
        return new MetricRow(result[0], result[1], result[2], result[3], result[4], result[5], result[6], result[7], result[8], result[9], result[10]);
    }
}

/// <summary>
/// The DCASE Task 2 official score. Per section: AUC(source) = source normals against ALL anomalies of the
/// section, AUC(target) likewise, pAUC over all clips at max FPR 0.1; precision, recall and F1 per domain over
/// that domain's clips only (the official evaluator's <c>decision_result_data_all[y_domain == domain_idx]</c>).
/// Official score = harmonic mean of every section's [AUC source] + [AUC target] + [pAUC], each raised to at
/// least ε = 2.220446049250313e-16.
/// </summary>
public static class DcaseMetrics
{
    public const double Epsilon = 2.220446049250313e-16;
    public const double MaxFpr = 0.1;

    public static SectionResult Section(string machine, string section, IReadOnlyList<LabeledScore> clips)
    {
        RequireEveryClass(machine, section, clips);
        var anomalies = clips.Where(c => c.Label == 1).ToList();
        double DomainAuc(string domain)
        {
            var subset = clips.Where(c => c.Label == 0 && c.Domain == domain).Concat(anomalies).ToList();
            return RocCurve.Auc(subset.Select(c => c.Label).ToList(), subset.Select(c => c.Score).ToList());
        }
        var labels = clips.Select(c => c.Label).ToList();
        var scores = clips.Select(c => c.Score).ToList();
        var targetNormals = clips.Where(c => c.Label == 0 && c.Domain == "target" && c.Decision is not null).ToList();
        double? fpRatio = targetNormals.Count == 0 ? null : targetNormals.Count(c => c.Decision == 1) / (double)targetNormals.Count;
        return new SectionResult(machine, section, DomainAuc("source"), DomainAuc("target"),
            RocCurve.Auc(labels, scores), RocCurve.PartialAuc(labels, scores, MaxFpr),
            Decisions(clips, "source"), Decisions(clips, "target"), fpRatio, DomainPauc(clips, "source"), DomainPauc(clips, "target"));
    }

    /// <summary>
    /// The official AUCs need, in every section, source normals, target normals and anomalies; without one of
    /// them the score is undefined (scikit-learn raises), so the ground truth is refused with what is missing.
    /// </summary>
    private static void RequireEveryClass(string machine, string section, IReadOnlyList<LabeledScore> clips)
    {
        var missing = new List<string>();
        if (!clips.Any(c => c.Label == 0 && c.Domain == "source")) missing.Add("normal source");
        if (!clips.Any(c => c.Label == 0 && c.Domain == "target")) missing.Add("normal target");
        if (!clips.Any(c => c.Label == 1)) missing.Add("anomalous");
        if (missing.Count > 0)
            throw AsdException.Failed($"{machine} section {section}: the scored test clips include no {string.Join(" and no ", missing)} clip; " +
                                      "the official metric needs normal source, normal target and anomalous clips in every section (check the ground truth and the test folder)");
    }

    public static OverallResult Overall(IReadOnlyList<SectionResult> sections)
    {
        var ordered = sections.OrderBy(s => s.Machine, StringComparer.Ordinal).ThenBy(s => s.Section, StringComparer.Ordinal).ToList();
        var src = ordered.Select(s => s.AucSource).ToList();
        var tgt = ordered.Select(s => s.AucTarget).ToList();
        var pauc = ordered.Select(s => s.Pauc).ToList();
        var fp = ordered.Where(s => s.TargetFpRatio is not null).Select(s => s.TargetFpRatio!.Value).ToList();
        return new OverallResult(ordered, HarmonicMean(src.Concat(tgt).Concat(pauc)), HarmonicMean(src), HarmonicMean(tgt), HarmonicMean(pauc),
            src.Concat(tgt).Average(), pauc.Average(), src.Average(), tgt.Average(), fp.Count == 0 ? null : fp.Average());
    }

    /// <summary>
    /// <c>scipy.stats.hmean</c> of the values each raised to at least ε over a one-dimensional array: 1 / mean(1 / v),
    /// the sum taken in numpy's pairwise order (<see cref="NumpySum"/>), so the official score is bit-identical to the
    /// official tool's, not only within a tolerance.
    /// </summary>
    public static double HarmonicMean(IEnumerable<double> values)
    {
        var inverses = values.Select(v => 1.0 / Math.Max(v, Epsilon)).ToArray();
        return 1.0 / (NumpySum.Pairwise(inverses) / inverses.Length);
    }

    // The official tool: that domain's clips only (normals and anomalies of the domain); a label is positive.
    private static DomainDecisions Decisions(IReadOnlyList<LabeledScore> clips, string domain)
    {
        var subset = clips.Where(c => c.Decision is not null && c.Domain == domain).ToList();
        double tp = subset.Count(c => c.Label == 1 && c.Decision == 1);
        double fp = subset.Count(c => c.Label == 0 && c.Decision == 1);
        double fn = subset.Count(c => c.Label == 1 && c.Decision == 0);
        var precision = tp / Math.Max(tp + fp, Epsilon);
        var recall = tp / Math.Max(tp + fn, Epsilon);
        return new DomainDecisions(precision, recall, 2 * precision * recall / Math.Max(precision + recall, Epsilon));
    }

    // The official baseline's pAUC (source|target): roc_auc_score(max_fpr=0.1) over that domain's clips only.
    private static double DomainPauc(IReadOnlyList<LabeledScore> clips, string domain)
    {
        var subset = clips.Where(c => c.Domain == domain).ToList();
        if (!subset.Any(c => c.Label == 1) || !subset.Any(c => c.Label == 0)) return double.NaN;
        return RocCurve.PartialAuc(subset.Select(c => c.Label).ToList(), subset.Select(c => c.Score).ToList(), MaxFpr);
    }
}

using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Evaluation.Metrics;

/// <summary>One scored test clip with its ground truth.</summary>
public sealed record LabeledScore(string Name, int Label, string Domain, double Score, int? Decision = null);

/// <summary>The official metric cells (and the reported extras) of one (machine, section).</summary>
public sealed record SectionResult(
    string Machine, string Section, double AucSource, double AucTarget, double AucAll, double Pauc,
    DomainDecisions Source, DomainDecisions Target, double? TargetFpRatio);

/// <summary>Precision, recall and F1 of the decisions in one domain (ε-guarded denominators).</summary>
public sealed record DomainDecisions(double Precision, double Recall, double F1);

/// <summary>Harmonic and arithmetic means over sections, as the official tool reports them.</summary>
public sealed record OverallResult(
    IReadOnlyList<SectionResult> Sections, double OfficialScore, double HmeanAucSource, double HmeanAucTarget, double HmeanPauc,
    double MeanAuc, double MeanPauc, double MeanAucSource, double MeanAucTarget, double? TargetFpRatio);

/// <summary>
/// The DCASE Task 2 official score. Per section: AUC(source) = source normals against ALL anomalies of the
/// section, AUC(target) likewise, pAUC over all clips at max FPR 0.1. Official score = harmonic mean of every
/// section's [AUC source] + [AUC target] + [pAUC], each raised to at least ε = 2.220446049250313e-16.
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
            Decisions(clips, "source"), Decisions(clips, "target"), fpRatio);
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

    /// <summary>scipy.stats.hmean of the values each raised to at least ε.</summary>
    public static double HarmonicMean(IEnumerable<double> values)
    {
        var list = values.Select(v => Math.Max(v, Epsilon)).ToList();
        double sum = 0;
        foreach (var v in list) sum += 1.0 / v;
        return 1.0 / (sum / list.Count);
    }

    private static DomainDecisions Decisions(IReadOnlyList<LabeledScore> clips, string domain)
    {
        // The official tool: decisions of the domain's clips (normals of the domain plus all anomalies).
        var subset = clips.Where(c => c.Decision is not null && (c.Domain == domain || c.Label == 1)).ToList();
        double tp = subset.Count(c => c.Label == 1 && c.Decision == 1);
        double fp = subset.Count(c => c.Label == 0 && c.Decision == 1);
        double fn = subset.Count(c => c.Label == 1 && c.Decision == 0);
        var precision = tp / Math.Max(tp + fp, Epsilon);
        var recall = tp / Math.Max(tp + fn, Epsilon);
        return new DomainDecisions(precision, recall, 2 * precision * recall / Math.Max(precision + recall, Epsilon));
    }
}

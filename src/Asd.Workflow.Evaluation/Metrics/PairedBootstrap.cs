namespace Asd.Workflow.Evaluation.Metrics;

/// <summary>The bootstrap distribution of the difference in official score between two systems.</summary>
public sealed record BootstrapResult(double ScoreA, double ScoreB, double Difference, double Low, double High, int Resamples, int Seed);

/// <summary>
/// Paired bootstrap over clips: each resample draws, with replacement, the same clips for both systems within
/// every (machine, section, domain, label) cell, and recomputes both official scores; the 95 % interval is the
/// 2.5 and 97.5 percentiles (R7) of the differences A − B. Deterministic per seed.
/// </summary>
public static class PairedBootstrap
{
    public static BootstrapResult Run(IReadOnlyList<(string Machine, string Section, IReadOnlyList<LabeledScore> A, IReadOnlyList<LabeledScore> B)> sections, int resamples, int seed)
    {
        var scoreA = DcaseMetrics.Overall(sections.Select(s => DcaseMetrics.Section(s.Machine, s.Section, s.A)).ToList()).OfficialScore;
        var scoreB = DcaseMetrics.Overall(sections.Select(s => DcaseMetrics.Section(s.Machine, s.Section, s.B)).ToList()).OfficialScore;
        var rng = new Random(seed);
        var differences = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            var resA = new List<SectionResult>(); var resB = new List<SectionResult>();
            foreach (var s in sections)
            {
                var index = s.A.Select((c, i) => (c, i)).GroupBy(p => (p.c.Domain, p.c.Label)).OrderBy(g => g.Key.Domain, StringComparer.Ordinal).ThenBy(g => g.Key.Label)
                    .SelectMany(g => { var members = g.Select(p => p.i).ToArray(); return members.Select(_ => members[rng.Next(members.Length)]).ToArray(); }).ToArray();
                resA.Add(DcaseMetrics.Section(s.Machine, s.Section, index.Select(i => s.A[i]).ToList()));
                resB.Add(DcaseMetrics.Section(s.Machine, s.Section, index.Select(i => s.B[i]).ToList()));
            }
            differences[r] = DcaseMetrics.Overall(resA).OfficialScore - DcaseMetrics.Overall(resB).OfficialScore;
        }
        var sorted = differences.Order().ToArray();
        return new BootstrapResult(scoreA, scoreB, scoreA - scoreB,
            MathNet.Numerics.Statistics.Statistics.QuantileCustom(sorted, 0.025, MathNet.Numerics.Statistics.QuantileDefinition.R7),
            MathNet.Numerics.Statistics.Statistics.QuantileCustom(sorted, 0.975, MathNet.Numerics.Statistics.QuantileDefinition.R7), resamples, seed);
    }
}

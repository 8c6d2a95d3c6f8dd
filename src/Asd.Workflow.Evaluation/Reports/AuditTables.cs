using Asd.Workflow.Evaluation.Metrics;

namespace Asd.Workflow.Evaluation.Reports;

/// <summary>One metric cell of one (machine, section) of a system: a row of the hardest-cells table.</summary>
public sealed record HardCell(string Metric, string Machine, string Section, double Value);

/// <summary>One system in the candidate comparison, with its differences from the reference system.</summary>
public sealed record Candidate(string System, double H, double MeanAuc, double MeanPauc, double? TargetFpRatio, double DeltaH, double DeltaPauc, double? DeltaTargetFp);

/// <summary>
/// The seed's audit tables, computed from evaluated results only (no metric is recomputed here):
/// the hardest cells of the primary system (Table 4: the lowest target AUC and pAUC cells) and the candidate
/// comparison with the target false-positive ratio (Table 3), each system against a reference.
/// </summary>
public sealed record AuditTables(string Primary, string Reference, IReadOnlyList<HardCell> Hardest, IReadOnlyList<Candidate> Candidates)
{
    /// <summary>Cells listed per metric unless an evaluate stage says otherwise (the seed's Table 4 lists three).</summary>
    public const int DefaultHardest = 3;

    /// <param name="systems">In report order; the first is the reference when <paramref name="reference"/> is empty.</param>
    /// <param name="primary">The system whose hardest cells are listed; empty: the one with the highest official score (first on a tie).</param>
    public static AuditTables Of(IReadOnlyList<(string System, OverallResult Result)> systems, string primary = "", string reference = "", int hardest = DefaultHardest)
    {
        if (systems.Count == 0) throw new ArgumentException("no systems to audit", nameof(systems));
        var chosen = primary.Length > 0 ? primary : systems.MaxBy(s => s.Result.OfficialScore).System; // MaxBy keeps the first maximum
        var p = systems.First(s => s.System == chosen).Result;
        var r = (reference.Length > 0 ? systems.First(s => s.System == reference) : systems[0]);
        // Ordered by value, then machine and section, so ties list in one order on every run.
        IEnumerable<HardCell> Lowest(string metric, Func<SectionResult, double> value) =>
            p.Sections.Select(s => new HardCell(metric, s.Machine, s.Section, value(s)))
                .OrderBy(c => c.Value).ThenBy(c => c.Machine, StringComparer.Ordinal).ThenBy(c => c.Section, StringComparer.Ordinal).Take(hardest);
        var cells = Lowest("target AUC", s => s.AucTarget).Concat(Lowest("pAUC", s => s.Pauc)).ToList();
        var candidates = systems.Select(s => new Candidate(s.System, s.Result.OfficialScore, s.Result.MeanAuc, s.Result.MeanPauc, s.Result.TargetFpRatio,
            s.Result.OfficialScore - r.Result.OfficialScore, s.Result.MeanPauc - r.Result.MeanPauc,
            s.Result.TargetFpRatio - r.Result.TargetFpRatio)).ToList();
        return new AuditTables(chosen, r.System, cells, candidates);
    }
}

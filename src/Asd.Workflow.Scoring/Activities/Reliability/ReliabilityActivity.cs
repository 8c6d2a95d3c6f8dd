using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Scoring.Calibration;

namespace Asd.Workflow.Scoring.Activities.Reliability;

/// <summary>
/// The fold-safe global reliability score of the seed's System D ("a fixed global reliability gate to the
/// score mixture using fold-safe normal references, rather than a local tail guard"): per clip
/// ρ = 1 − strength·mean(cues), the cues being near/far disagreement and target-bank proximity on the
/// train-normal empirical-CDF scale (see <see cref="ReliabilityOptions"/>). Every clip gets one, not only tail
/// clips. The CDFs come from the train scores; a train clip's own value is left out of its reference.
/// </summary>
public sealed class ReliabilityActivity : Activity<ReliabilityOptions>
{
    public override string Kind => "reliability";
    public override int Version => 1;
    public override bool UsesStageNames => true;

    protected override IEnumerable<string> Validate(ReliabilityOptions options, IReadOnlyList<string> needs)
    {
        if (options.Disagreement.Count == 0 && options.Proximity.Length == 0) yield return "reliability needs a cue: disagreement: [VIEW, VIEW] and/or proximity: STAGE";
        if (options.Disagreement.Count == 1) yield return "reliability disagreement needs two or more views";
        foreach (var s in Stages(options).Where(s => !needs.Contains(s))) yield return $"reliability names '{s}', which is not one of its needs ({string.Join(", ", needs)})";
    }

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, ReliabilityOptions options, CancellationToken ct)
    {
        var stages = Stages(options).ToList();
        var train = stages.ToDictionary(s => s, s => Table(context, s, ClipInventory.Train));
        var test = stages.ToDictionary(s => s, s => Table(context, s, ClipInventory.Test));
        var cdfs = train.ToDictionary(p => p.Key, p => new Ecdf(p.Value.Scores));
        var trainRho = Score(train, cdfs, options, context, members: true);
        var testRho = Score(test, cdfs, options, context, members: false);
        var trainRefs = stages.Select(s => context.Input(ClipInventory.Train, s).Ref).ToArray();
        var stats = new ReliabilityStats(options.Disagreement, options.Proximity, options.Strength, trainRho.Scores.Average());
        return Task.FromResult(ActivityResult.Of(
            new OutputArtifact("stats", context.Store.Put(CanonicalJson.Serialize(stats)), MediaTypes.Json, trainRefs),
            new OutputArtifact(ClipInventory.Train, context.Store.Put(trainRho.ToCsv()), MediaTypes.Csv, trainRefs),
            new OutputArtifact(ClipInventory.Test, context.Store.Put(testRho.ToCsv()), MediaTypes.Csv,
                [.. trainRefs, .. stages.Select(s => context.Input(ClipInventory.Test, s).Ref)])));
    }

    /// <summary>ρ per row; members: the rows are the train clips of the references, each evaluated without its own value.</summary>
    public static ScoreTable Score(IReadOnlyDictionary<string, ScoreTable> tables, IReadOnlyDictionary<string, Ecdf> cdfs, ReliabilityOptions o, ActivityContext context, bool members)
    {
        var first = tables[Stages(o).First()];
        foreach (var (stage, table) in tables)
            if (first.FirstClipMismatch(table) is var i and >= 0)
                throw AsdException.BadInput($"stage '{context.StageName}' shard {context.Shard}: cue '{stage}' does not cover the same clips as the others (first difference at row {i + 1}); reliability cues must share one decode stage");
        double F(string stage, int row)
        {
            var x = tables[stage].Rows[row].Score;
            return members ? cdfs[stage].CdfWithout(x) : cdfs[stage].Cdf(x);
        }
        var rows = new List<ScoreRow>(first.Rows.Count);
        for (var i = 0; i < first.Rows.Count; i++)
        {
            var cues = new List<double>(2);
            if (o.Disagreement.Count > 0)
            {
                var levels = o.Disagreement.Select(s => F(s, i)).ToList();
                cues.Add(levels.Max() - levels.Min());
            }
            if (o.Proximity.Length > 0) cues.Add(1 - F(o.Proximity, i));
            rows.Add(first.Rows[i] with { Score = 1 - o.Strength * cues.Average() });
        }
        return new ScoreTable(rows);
    }

    private static IEnumerable<string> Stages(ReliabilityOptions o) =>
        o.Disagreement.Concat(o.Proximity.Length > 0 ? [o.Proximity] : []).Distinct();

    private static ScoreTable Table(ActivityContext context, string stage, string split) =>
        ScoreTable.FromCsv(context.Read(context.Input(split, stage)));
}

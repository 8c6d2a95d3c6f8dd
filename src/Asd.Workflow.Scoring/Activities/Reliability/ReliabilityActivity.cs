using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Data;
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
        var train = Inputs(context, stages, ClipInventory.Train);
        var test = Inputs(context, stages, ClipInventory.Test);
        var cdfs = train.ToDictionary(p => p.Key, p => new Ecdf(p.Value.Scores), StringComparer.Ordinal);
        var trainRho = Score(train, cdfs, options, member: true);
        var testRho = Score(test, cdfs, options, member: false);
        var trainRefs = stages.Select(s => context.Input(ClipInventory.Train, s).Ref).ToArray();
        var stats = new ReliabilityStats(options.Disagreement, options.Proximity, options.Strength, trainRho.Scores.Average());
        return Task.FromResult(ActivityResult.Of(
            new OutputArtifact("stats", context.Store.Put(CanonicalJson.Serialize(stats)), MediaTypes.Json, trainRefs),
            new OutputArtifact(ClipInventory.Train, context.Store.Put(trainRho.ToCsv()), MediaTypes.Csv, trainRefs),
            new OutputArtifact(ClipInventory.Test, context.Store.Put(testRho.ToCsv()), MediaTypes.Csv,
                [.. trainRefs, .. stages.Select(s => context.Input(ClipInventory.Test, s).Ref)])));
    }

    /// <summary>ρ per row; member: the rows are the train clips of the references, each evaluated without its own value.</summary>
    private static ScoreTable Score(IReadOnlyDictionary<string, ScoreTable> tables, IReadOnlyDictionary<string, Ecdf> cdfs, ReliabilityOptions o, bool member)
    {
        var first = tables[Stages(o).First()];
        double F(string stage, int row) => cdfs[stage].Cdf(tables[stage].Rows[row].Score, member);
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

    private static IReadOnlyDictionary<string, ScoreTable> Inputs(ActivityContext context, IEnumerable<string> stages, string split) =>
        ScoreInputs.Read(context, split, stages, "cue", "reliability cues must share one decode stage");
}

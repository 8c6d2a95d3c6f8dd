using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Scoring.Calibration;

namespace Asd.Workflow.Scoring.Activities.Calibrate;

/// <summary>
/// Robust train-normal calibration. Statistics come from the upstream train (out-of-fold) scores only; test
/// scores are only transformed. The statistics artifact's lineage names the train input alone, which audit
/// checks.
/// </summary>
public sealed class CalibrateActivity : Activity<CalibrateOptions>
{
    public override string Kind => "calibrate";
    public override int Version => 1;

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, CalibrateOptions options, CancellationToken ct)
    {
        var trainInput = context.Input(ClipInventory.Train);
        var testInput = context.Input(ClipInventory.Test);
        var train = ScoreTable.FromCsv(context.Read(trainInput));
        var stats = Fit(train, options);
        var trainZ = Apply(train, stats, options);
        var test = Apply(ScoreTable.FromCsv(context.Read(testInput)), stats, options);
        var artifact = new CalibrationStats(options.Method, stats.Values.OrderBy(s => s.Group, StringComparer.Ordinal).ToList(),
            trainZ.Rows.Select(r => r.Score).Order().ToList());
        return Task.FromResult(ActivityResult.Of(
            new OutputArtifact("stats", context.Store.Put(CanonicalJson.Serialize(artifact)), MediaTypes.Json, [trainInput.Ref]),
            new OutputArtifact(ClipInventory.Train, context.Store.Put(trainZ.ToCsv()), MediaTypes.Csv, [trainInput.Ref]),
            new OutputArtifact(ClipInventory.Test, context.Store.Put(test.ToCsv()), MediaTypes.Csv, [trainInput.Ref, testInput.Ref])));
    }

    public static Dictionary<string, RobustZ> Fit(ScoreTable train, CalibrateOptions options)
    {
        var stats = new Dictionary<string, RobustZ> { ["all"] = RobustZ.Fit("all", train.Scores, options.Epsilon) };
        if (options.PerDomain)
            foreach (var g in train.Rows.GroupBy(r => r.Domain))
                stats[g.Key] = RobustZ.Fit(g.Key, g.Select(r => r.Score).ToList(), options.Epsilon);
        return stats;
    }

    private static ScoreTable Apply(ScoreTable table, Dictionary<string, RobustZ> stats, CalibrateOptions options) =>
        new(table.Rows.Select(r => r with
        {
            Score = (options.PerDomain && stats.TryGetValue(r.Domain, out var s) ? s : stats["all"]).Apply(r.Score),
        }).ToList());
}

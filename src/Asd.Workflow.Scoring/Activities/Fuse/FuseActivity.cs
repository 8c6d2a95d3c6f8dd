using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Scoring.Calibration;

namespace Asd.Workflow.Scoring.Activities.Fuse;

/// <summary>
/// Fuses calibrated branches with fixed transforms and weights, subtracts the guard penalty, and decides: the
/// threshold is the decision_cdf quantile of the system's own train (out-of-fold) final scores, and a test
/// clip's decision is 1 when its score is above it.
/// </summary>
public sealed class FuseActivity : Activity<FuseOptions>
{
    public override string Kind => "fuse";
    public override int Version => 1;
    public override bool UsesStageNames => true;

    protected override IEnumerable<string> Validate(FuseOptions options, IReadOnlyList<string> needs)
    {
        if (options.Weights.Count == 0) yield return "fuse needs at least one weight (weights: { STAGE: 1.0 })";
        foreach (var stage in options.Weights.Keys.Concat(options.Transforms.Keys).Distinct().Where(s => !needs.Contains(s)))
            yield return $"fuse names '{stage}', which is not one of its needs ({string.Join(", ", needs)})";
        foreach (var (stage, t) in options.Transforms.Where(p => !Calibration.Transforms.Known.Contains(p.Value)))
            yield return $"transform '{t}' for '{stage}' is unknown (allowed: {string.Join(", ", Calibration.Transforms.Known)})";
        if (options.Guard.Length > 0 && !needs.Contains(options.Guard)) yield return $"fuse guard '{options.Guard}' must be one of its needs";
        if (options.ClipLo >= options.ClipHi) yield return $"clip_lo ({options.ClipLo}) must be below clip_hi ({options.ClipHi})";
    }

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, FuseOptions options, CancellationToken ct)
    {
        var train = Combine(context, options, ClipInventory.Train);
        var test = Combine(context, options, ClipInventory.Test);
        var threshold = new DecisionThreshold(options.DecisionCdf, Ecdf.Quantile(train.Scores, options.DecisionCdf), train.Rows.Count);
        var decided = new ScoreTable(test.Rows.Select(r => r with { Decision = r.Score > threshold.Value ? 1 : 0 }).ToList());
        var trainRefs = Refs(context, options, ClipInventory.Train);
        return Task.FromResult(ActivityResult.Of(
            new OutputArtifact("threshold", context.Store.Put(CanonicalJson.Serialize(threshold)), MediaTypes.Json, trainRefs),
            new OutputArtifact(ClipInventory.Train, context.Store.Put(train.ToCsv()), MediaTypes.Csv, trainRefs),
            new OutputArtifact(ClipInventory.Test, context.Store.Put(decided.ToCsv()), MediaTypes.Csv, [.. trainRefs, .. Refs(context, options, ClipInventory.Test)])));
    }

    private static ScoreTable Combine(ActivityContext context, FuseOptions options, string split)
    {
        double[]? total = null;
        ScoreTable? first = null;
        foreach (var (stage, weight) in options.Weights.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var table = ScoreTable.FromCsv(context.Read(context.Input(split, stage)));
            var reference = new Ecdf(ScoreTable.FromCsv(context.Read(context.Input(ClipInventory.Train, stage))).Scores);
            var phi = Transforms.Create(options.Transforms.GetValueOrDefault(stage, "identity"), reference, options.ClipLo, options.ClipHi);
            first ??= table;
            total ??= new double[table.Rows.Count];
            EnsureSameClips(first, table, stage, context);
            for (var i = 0; i < total.Length; i++) total[i] += weight * phi(table.Rows[i].Score);
        }
        if (options.Guard.Length > 0)
        {
            var penalty = ScoreTable.FromCsv(context.Read(context.Input(split, options.Guard)));
            EnsureSameClips(first!, penalty, options.Guard, context);
            for (var i = 0; i < total!.Length; i++) total[i] -= options.Lambda * penalty.Rows[i].Score;
        }
        return new ScoreTable(first!.Rows.Select((r, i) => r with { Score = total![i] }).ToList());
    }

    private static void EnsureSameClips(ScoreTable reference, ScoreTable table, string stage, ActivityContext context)
    {
        if (reference.FirstClipMismatch(table) is var i and >= 0)
            throw AsdException.BadInput($"stage '{context.StageName}' shard {context.Shard}: branch '{stage}' does not cover the same clips as the others (first difference at row {i + 1}); fused branches must share one decode stage");
    }

    private static string[] Refs(ActivityContext context, FuseOptions options, string split) =>
        options.Weights.Keys.Order(StringComparer.Ordinal).Concat(options.Guard.Length > 0 ? [options.Guard] : [])
            .Select(s => context.Input(split, s).Ref).ToArray();
}

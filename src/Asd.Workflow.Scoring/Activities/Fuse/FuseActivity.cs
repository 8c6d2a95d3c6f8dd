using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Scoring.Calibration;

namespace Asd.Workflow.Scoring.Activities.Fuse;

/// <summary>
/// Fuses calibrated branches with fixed transforms and weights (reweighted per clip by the global reliability
/// gate), maps the mixture's upper train-normal tail onto a fixed scale (tail calibration), subtracts the guard
/// penalties, and decides: a test clip's decision is 1 when its final score is in the upper train-normal tail
/// (<see cref="TrainTail"/> at decision_cdf) of the system's own train (out-of-fold) final scores.
/// </summary>
public sealed class FuseActivity : Activity<FuseOptions>
{
    public override string Kind => "fuse";
    public override int Version => 2; // 2: TrainTail decisions (F ≥ q), tail calibration, reliability gate, several guards
    public override bool UsesStageNames => true;

    protected override IEnumerable<string> Validate(FuseOptions options, IReadOnlyList<string> needs)
    {
        if (options.Weights.Count == 0) yield return "fuse needs at least one weight (weights: { STAGE: 1.0 })";
        foreach (var stage in options.Weights.Keys.Concat(options.Transforms.Keys).Concat(options.GateWeights.Keys).Distinct().Where(s => !needs.Contains(s)))
            yield return $"fuse names '{stage}', which is not one of its needs ({string.Join(", ", needs)})";
        foreach (var stage in options.GateWeights.Keys.Where(s => !options.Weights.ContainsKey(s)))
            yield return $"fuse gate_weights names '{stage}', which has no weight in weights";
        foreach (var (stage, t) in options.Transforms.Where(p => !Calibration.Transforms.Known.Contains(p.Value)))
            yield return $"transform '{t}' for '{stage}' is unknown (allowed: {string.Join(", ", Calibration.Transforms.Known)})";
        foreach (var g in options.Penalties.Select(p => p.Stage).Where(g => !needs.Contains(g))) yield return $"fuse guard '{g}' must be one of its needs";
        if (options.Guards.ContainsKey(options.Guard)) yield return $"fuse guard '{options.Guard}' is named in both guard and guards";
        if (options.Gate.Length > 0 && !needs.Contains(options.Gate)) yield return $"fuse gate '{options.Gate}' must be one of its needs";
        if (options.Gate.Length == 0 && options.GateWeights.Count > 0) yield return "fuse gate_weights needs a gate (a reliability stage)";
        if (options.ClipLo >= options.ClipHi) yield return $"clip_lo ({options.ClipLo}) must be below clip_hi ({options.ClipHi})";
    }

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, FuseOptions options, CancellationToken ct)
    {
        var train = Inputs(context, options, ClipInventory.Train);
        var test = Inputs(context, options, ClipInventory.Test);
        var references = options.Weights.Keys.ToDictionary(s => s, s => new Ecdf(train[s].Scores), StringComparer.Ordinal);
        var trainMix = Mixture(train, references, options, member: true);
        var testMix = Mixture(test, references, options, member: false);
        var mixRef = new Ecdf(trainMix.Scores);
        TailCalibration? tail = null;
        if (options.TailCalibration == "linear")
        {
            tail = Calibration.TailCalibration.Fit(mixRef, options.TailQ, options.TailScale);
            trainMix = Map(trainMix, x => Calibration.TailCalibration.ApplyToMember(mixRef, x, options.TailQ, options.TailScale));
            testMix = Map(testMix, tail.Apply);
        }
        var trainFinal = Penalise(train, options, trainMix);
        var testFinal = Penalise(test, options, testMix);
        var decisionTail = new TrainTail(new Ecdf(trainFinal.Scores), options.DecisionCdf);
        var threshold = new DecisionThreshold(options.DecisionCdf, decisionTail.Threshold!.Value, trainFinal.Rows.Count, tail); // decision_cdf ≥ 0.5: never null
        var decided = new ScoreTable(testFinal.Rows.Select(r => r with { Decision = decisionTail.Contains(r.Score, member: false) ? 1 : 0 }).ToList());
        var trainRefs = Refs(context, options, ClipInventory.Train);
        return Task.FromResult(ActivityResult.Of(
            new OutputArtifact("threshold", context.Store.Put(CanonicalJson.Serialize(threshold)), MediaTypes.Json, trainRefs),
            new OutputArtifact(ClipInventory.Train, context.Store.Put(trainFinal.ToCsv()), MediaTypes.Csv, trainRefs),
            new OutputArtifact(ClipInventory.Test, context.Store.Put(decided.ToCsv()), MediaTypes.Csv, [.. trainRefs, .. Refs(context, options, ClipInventory.Test)])));
    }

    // Σ_b w_b(x)·φ_b(z_b(x)), w_b(x) = ρ(x)·w_b + (1 − ρ(x))·v_b with a gate, w_b without; member: the rows are the
    // train clips of the branches' references (an ecdf φ leaves a train clip's own z out, as the guard does).
    private static ScoreTable Mixture(IReadOnlyDictionary<string, ScoreTable> tables, IReadOnlyDictionary<string, Ecdf> references, FuseOptions options, bool member)
    {
        var branches = options.Weights.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var first = tables[branches[0].Key];
        var rho = options.Gate.Length > 0 ? tables[options.Gate] : null;
        var total = new double[first.Rows.Count];
        foreach (var (stage, weight) in branches)
        {
            var table = tables[stage];
            var phi = Transforms.Create(options.Transforms.GetValueOrDefault(stage, "identity"), references[stage], member, options.ClipLo, options.ClipHi);
            var fallback = options.GateWeights.GetValueOrDefault(stage);
            for (var i = 0; i < total.Length; i++)
            {
                var w = rho is null ? weight : rho.Rows[i].Score * weight + (1 - rho.Rows[i].Score) * fallback;
                total[i] += w * phi(table.Rows[i].Score);
            }
        }
        return WithScores(first, total);
    }

    private static ScoreTable Penalise(IReadOnlyDictionary<string, ScoreTable> tables, FuseOptions options, ScoreTable mixture)
    {
        var total = mixture.Scores.ToArray();
        foreach (var (stage, lambda) in options.Penalties)
        {
            var penalty = tables[stage];
            for (var i = 0; i < total.Length; i++) total[i] -= lambda * penalty.Rows[i].Score;
        }
        return WithScores(mixture, total);
    }

    private static ScoreTable Map(ScoreTable table, Func<double, double> f) => new(table.Rows.Select(r => r with { Score = f(r.Score) }).ToList());

    private static ScoreTable WithScores(ScoreTable table, double[] scores) => new(table.Rows.Select((r, i) => r with { Score = scores[i] }).ToList());

    private static IReadOnlyDictionary<string, ScoreTable> Inputs(ActivityContext context, FuseOptions options, string split) =>
        ScoreInputs.Read(context, split, Stages(options), "branch", "fused branches must share one decode stage");

    // every stage fuse reads, in lineage order: the branches by name, the guards, the gate
    private static IEnumerable<string> Stages(FuseOptions options) =>
        options.Weights.Keys.Order(StringComparer.Ordinal).Concat(options.Penalties.Select(p => p.Stage)).Concat(options.Gate.Length > 0 ? [options.Gate] : []);

    private static string[] Refs(ActivityContext context, FuseOptions options, string split) =>
        Stages(options).Select(s => context.Input(split, s).Ref).ToArray();
}

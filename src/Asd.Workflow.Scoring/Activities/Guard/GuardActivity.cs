using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Scoring.Calibration;

namespace Asd.Workflow.Scoring.Activities.Guard;

/// <summary>
/// Reliability guard: a non-negative penalty R(x) per clip, non-zero only where the base score sits in its
/// train-normal tail and the auxiliary evidence does not support it (see <see cref="GuardOptions"/>). The
/// CDFs come from the train (out-of-fold) calibrated scores; test clips are only evaluated. The tail is
/// <see cref="TrainTail"/> (the one used by decisions), and a train clip's own score is never in its
/// reference (<see cref="Ecdf.CdfWithout"/>), so train penalties are what a test clip with that score would get
/// from the other train clips.
/// </summary>
public sealed class GuardActivity : Activity<GuardOptions>
{
    public override string Kind => "guard";
    public override int Version => 2; // 2: fold-safe train CDFs, the TrainTail inequality, ecdf mode
    public override bool UsesStageNames => true;

    protected override IEnumerable<string> Validate(GuardOptions options, IReadOnlyList<string> needs)
    {
        if (!needs.Contains(options.Base)) yield return $"guard base '{options.Base}' must be one of its needs ({string.Join(", ", needs)})";
        if (options.Aux.Count == 0) yield return "guard needs at least one aux stage";
        foreach (var a in options.Aux.Where(a => !needs.Contains(a))) yield return $"guard aux '{a}' must be one of its needs ({string.Join(", ", needs)})";
        if (options.Mode == "disagreement" && options.Aux.Count < 2) yield return "disagreement mode needs two or more aux views";
    }

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, GuardOptions options, CancellationToken ct)
    {
        var baseTrain = Table(context, options.Base, ClipInventory.Train);
        var auxTrain = options.Aux.Select(a => Table(context, a, ClipInventory.Train)).ToList();
        var baseCdf = new Ecdf(baseTrain.Scores);
        var auxCdf = new Ecdf(MeanOf(auxTrain, context));
        var trainR = Penalties(baseTrain, auxTrain, baseCdf, auxCdf, options, context, members: true);
        var testR = Penalties(Table(context, options.Base, ClipInventory.Test),
            options.Aux.Select(a => Table(context, a, ClipInventory.Test)).ToList(), baseCdf, auxCdf, options, context, members: false);
        var trainRefs = Refs(context, options, ClipInventory.Train);
        var stats = new GuardStats(options.Mode, options.Q, options.T, options.Cap, new TrainTail(baseCdf, options.Q).Threshold, trainR.Rows.Count(r => r.Score > 0));
        return Task.FromResult(ActivityResult.Of(
            new OutputArtifact("stats", context.Store.Put(CanonicalJson.Serialize(stats)), MediaTypes.Json, trainRefs),
            new OutputArtifact(ClipInventory.Train, context.Store.Put(trainR.ToCsv()), MediaTypes.Csv, trainRefs),
            new OutputArtifact(ClipInventory.Test, context.Store.Put(testR.ToCsv()), MediaTypes.Csv, [.. trainRefs, .. Refs(context, options, ClipInventory.Test)])));
    }

    // members: the rows are the reference's own train clips, evaluated with their own score left out.
    private static ScoreTable Penalties(ScoreTable baseTable, IReadOnlyList<ScoreTable> aux, Ecdf baseCdf, Ecdf auxCdf, GuardOptions o, ActivityContext context, bool members)
    {
        var auxMean = MeanOf(aux, context, baseTable);
        var rows = new List<ScoreRow>(baseTable.Rows.Count);
        for (var i = 0; i < baseTable.Rows.Count; i++)
        {
            var row = baseTable.Rows[i];
            var fBase = members ? baseCdf.CdfWithout(row.Score) : baseCdf.Cdf(row.Score);
            double r = 0;
            if (TrainTail.IsTail(fBase, o.Q))
            {
                var raw = o.Mode switch
                {
                    "tail" => o.T - auxMean[i],
                    "disagreement" => aux.Max(a => a.Rows[i].Score) - aux.Min(a => a.Rows[i].Score) - o.T,
                    _ => fBase - (members ? auxCdf.CdfWithout(auxMean[i]) : auxCdf.Cdf(auxMean[i])) - o.T, // ecdf, gate
                };
                r = Math.Min(o.Cap, Math.Max(0, raw));
            }
            rows.Add(new ScoreRow(row.Clip, row.Domain, r));
        }
        return new ScoreTable(rows);
    }

    private static double[] MeanOf(IReadOnlyList<ScoreTable> tables, ActivityContext context, ScoreTable? alignWith = null)
    {
        var reference = alignWith ?? tables[0];
        foreach (var t in tables)
            if (reference.FirstClipMismatch(t) is var i and >= 0)
                throw AsdException.BadInput($"stage '{context.StageName}' shard {context.Shard}: branches do not cover the same clips (first difference at row {i + 1}); guard stages must share one decode stage");
        return Enumerable.Range(0, reference.Rows.Count).Select(i => tables.Average(t => t.Rows[i].Score)).ToArray();
    }

    private static ScoreTable Table(ActivityContext context, string stage, string split) =>
        ScoreTable.FromCsv(context.Read(context.Input(split, stage)));

    private static string[] Refs(ActivityContext context, GuardOptions o, string split) =>
        o.Aux.Prepend(o.Base).Select(s => context.Input(split, s).Ref).ToArray();
}

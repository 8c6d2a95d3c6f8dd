using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Data;
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
        var train = Inputs(context, options, ClipInventory.Train);
        var test = Inputs(context, options, ClipInventory.Test);
        var trainAuxMean = AuxMean(train, options);
        var baseCdf = new Ecdf(train[options.Base].Scores);
        var auxCdf = new Ecdf(trainAuxMean);
        var trainR = Penalties(train, trainAuxMean, baseCdf, auxCdf, options, member: true);
        var testR = Penalties(test, AuxMean(test, options), baseCdf, auxCdf, options, member: false);
        var trainRefs = Refs(context, options, ClipInventory.Train);
        var stats = new GuardStats(options.Mode, options.Q, options.T, options.Cap, new TrainTail(baseCdf, options.Q).Threshold, trainR.Rows.Count(r => r.Score > 0));
        return Task.FromResult(ActivityResult.Of(
            new OutputArtifact("stats", context.Store.Put(CanonicalJson.Serialize(stats)), MediaTypes.Json, trainRefs),
            new OutputArtifact(ClipInventory.Train, context.Store.Put(trainR.ToCsv()), MediaTypes.Csv, trainRefs),
            new OutputArtifact(ClipInventory.Test, context.Store.Put(testR.ToCsv()), MediaTypes.Csv, [.. trainRefs, .. Refs(context, options, ClipInventory.Test)])));
    }

    // member: the rows are the references' own train clips, each evaluated with its own value left out.
    private static ScoreTable Penalties(IReadOnlyDictionary<string, ScoreTable> tables, double[] auxMean, Ecdf baseCdf, Ecdf auxCdf, GuardOptions o, bool member)
    {
        var baseTable = tables[o.Base];
        var aux = o.Aux.Select(a => tables[a]).ToList();
        var rows = new List<ScoreRow>(baseTable.Rows.Count);
        for (var i = 0; i < baseTable.Rows.Count; i++)
        {
            var row = baseTable.Rows[i];
            var fBase = baseCdf.Cdf(row.Score, member);
            double r = 0;
            if (TrainTail.IsTail(fBase, o.Q))
            {
                var raw = o.Mode switch
                {
                    "tail" => o.T - auxMean[i],
                    "disagreement" => aux.Max(a => a.Rows[i].Score) - aux.Min(a => a.Rows[i].Score) - o.T,
                    _ => fBase - auxCdf.Cdf(auxMean[i], member) - o.T, // ecdf, gate
                };
                r = Math.Min(o.Cap, Math.Max(0, raw));
            }
            rows.Add(new ScoreRow(row.Clip, row.Domain, r));
        }
        return new ScoreTable(rows);
    }

    // the mean z of the aux views per row, over o.Aux as listed (a view named twice counts twice)
    private static double[] AuxMean(IReadOnlyDictionary<string, ScoreTable> tables, GuardOptions o)
    {
        var aux = o.Aux.Select(a => tables[a]).ToList();
        return Enumerable.Range(0, aux[0].Rows.Count).Select(i => aux.Average(t => t.Rows[i].Score)).ToArray();
    }

    private static IReadOnlyDictionary<string, ScoreTable> Inputs(ActivityContext context, GuardOptions o, string split) =>
        ScoreInputs.Read(context, split, o.Aux.Prepend(o.Base), "branch", "guard stages must share one decode stage");

    private static string[] Refs(ActivityContext context, GuardOptions o, string split) =>
        o.Aux.Prepend(o.Base).Select(s => context.Input(split, s).Ref).ToArray();
}

using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Scoring.Methods;

namespace Asd.Workflow.Scoring.Activities.Score;

/// <summary>
/// Scores every clip of a shard against its train-normal banks. Test clips are scored against all train
/// clips; every train clip gets an out-of-fold score against the train clips outside its own fold, so no
/// clip is ever scored against itself. Outputs a score table per split.
/// </summary>
public sealed class ScoreActivity : Activity<ScoreOptions>
{
    public override string Kind => "score";
    public override int Version => 1;

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, ScoreOptions options, CancellationToken ct)
    {
        var (train, trainIds, trainRefs) = Load(context, ClipInventory.Train);
        var (test, testIds, testRefs) = Load(context, ClipInventory.Test);
        if (train.Rows == 0) throw AsdException.BadInput($"stage '{context.StageName}' shard {context.Shard}: no train clips to build a bank from");
        var dims = train.Shape[^1];
        var domains = trainIds.Select(c => c.Domain).ToList();
        var foldCount = options.TrainScores == "loo" ? train.Rows : options.Folds;
        var folds = options.TrainScores == "loo" ? Enumerable.Range(0, train.Rows).ToArray() : FoldAssignment.Assign(domains, foldCount, options.Seed);

        var trainRows = new List<ScoreRow>(train.Rows);
        for (var f = 0; f < foldCount; f++)
        {
            ct.ThrowIfCancellationRequested();
            var inFold = Enumerable.Range(0, train.Rows).Where(i => folds[i] == f).ToList();
            if (inFold.Count == 0) continue;
            var bank = Enumerable.Range(0, train.Rows).Where(i => folds[i] != f).ToList();
            var scorer = Build(options, train, domains, bank, dims, context);
            foreach (var i in inFold) trainRows.Add(new ScoreRow(trainIds[i].Name, trainIds[i].Domain, scorer(train.Row(i))));
        }
        trainRows.Sort((a, b) => string.CompareOrdinal(a.Clip, b.Clip));

        var full = Build(options, train, domains, Enumerable.Range(0, train.Rows).ToList(), dims, context);
        var testRows = Enumerable.Range(0, test.Rows).Select(i => new ScoreRow(testIds[i].Name, testIds[i].Domain, full(test.Row(i)))).ToList();

        return Task.FromResult(ActivityResult.Of(
            new OutputArtifact(ClipInventory.Train, context.Store.Put(new ScoreTable(trainRows).ToCsv()), MediaTypes.Csv, trainRefs),
            new OutputArtifact(ClipInventory.Test, context.Store.Put(new ScoreTable(testRows).ToCsv()), MediaTypes.Csv, [.. trainRefs, .. testRefs])));
    }

    private static (NpyArray Data, IReadOnlyList<ClipRef> Ids, string[] Refs) Load(ActivityContext context, string split)
    {
        var data = context.Input(split);
        var ids = context.Input(split + "_ids");
        return (NpyArray.FromBytes(context.Read(data)), JsonDefaults.Deserialize<List<ClipRef>>(context.Read(ids)), [data.Ref, ids.Ref]);
    }

    /// <summary>A scorer over the given bank rows, split into domain banks as the options say; score = min over banks.</summary>
    private static Func<ReadOnlySpan<float>, double> Build(ScoreOptions options, NpyArray train, IReadOnlyList<string> domains,
        IReadOnlyList<int> rows, int dims, ActivityContext context)
    {
        IEnumerable<IReadOnlyList<int>> banks = options.Banks switch
        {
            "pooled" => [rows],
            "min" => rows.GroupBy(i => domains[i]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (IReadOnlyList<int>)g.ToList()),
            var domain => [rows.Where(i => domains[i] == domain).ToList()],
        };
        var scorers = banks.Where(b => b.Count > 0).Select(b => Create(options, b.Select(i => train.Row(i).ToArray()).ToList(), dims)).ToList();
        if (scorers.Count == 0)
            throw AsdException.BadInput($"stage '{context.StageName}' shard {context.Shard}: bank '{options.Banks}' has no train clips");
        return q =>
        {
            var best = double.PositiveInfinity;
            foreach (var s in scorers) best = Math.Min(best, s.Score(q));
            return best;
        };
    }

    private static IScorer Create(ScoreOptions options, IReadOnlyList<float[]> bank, int dims) => options.Method switch
    {
        "knn" => new KnnScorer(bank, options.K, options.Metric == "cosine"),
        "mahalanobis" => new MahalanobisScorer(bank, options.Shrinkage),
        _ => new LocalizedScorer(bank, dims, options.TopFrames),
    };

    private sealed record ClipRef(string Name, string Domain);
}

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
/// <remarks>
/// Each bank is fitted once; folds leave their clips out of that fit (<see cref="IBankScorer.Without"/>), a
/// fold's scorers living only while its clips are scored (<see cref="OutOfFold"/>). Clips are scored in
/// parallel, each into its own slot, and every score is computed on one thread in a fixed order, so the tables
/// do not depend on the thread count. Version 2: kNN and localized scores are
/// bit-identical to version 1; Mahalanobis out-of-fold scores come from downdates (within 1e-9 relative of
/// version 1's refits) and its Ledoit–Wolf sums run in another order, so its bytes changed. Version 3: a
/// Mahalanobis bank (or fold remainder) of two clips (Ledoit–Wolf δ = 0, rank below the dimension) gave NaN from
/// inverting a singular covariance; it takes the pseudo-inverse now (every other score unchanged).
/// </remarks>
public sealed class ScoreActivity : Activity<ScoreOptions>
{
    public override string Kind => "score";
    public override int Version => 3;

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, ScoreOptions options, CancellationToken ct)
    {
        var (train, trainIds, trainRefs) = Load(context, ClipInventory.Train);
        var (test, testIds, testRefs) = Load(context, ClipInventory.Test);
        if (train.Rows == 0) throw AsdException.BadInput($"stage '{context.StageName}' shard {context.Shard}: no train clips to build a bank from");
        var dims = train.Shape[^1];
        context.Clips.Expect(train.Rows + test.Rows);
        var domains = trainIds.Select(c => c.Domain).ToList();
        var foldCount = options.TrainScores == "loo" ? train.Rows : options.Folds;
        var folds = options.TrainScores == "loo" ? Enumerable.Range(0, train.Rows).ToArray() : FoldAssignment.Assign(domains, foldCount, options.Seed);
        var banks = Banks(options, train, domains, Enumerable.Range(0, train.Rows).ToList(), dims);
        if (banks.Count == 0)
            throw AsdException.BadInput($"stage '{context.StageName}' shard {context.Shard}: bank '{options.Banks}' has no train clips");

        var members = Enumerable.Range(0, foldCount).Select(f => Enumerable.Range(0, train.Rows).Where(i => folds[i] == f).ToList()).ToArray();
        if (members.Any(m => m.Count > 0 && banks.All(b => b.Rows.All(m.Contains))))
            throw AsdException.BadInput($"stage '{context.StageName}' shard {context.Shard}: bank '{options.Banks}' has no train clips outside a fold; use more train clips or fewer folds");
        var trainScores = OutOfFold.Score(train.Rows, members, m => Without(banks, m), (scorers, i) => Min(scorers, train.Row(i)), () => context.Clips.Advance(), ct);
        var trainRows = Enumerable.Range(0, train.Rows).Select(i => new ScoreRow(trainIds[i].Name, trainIds[i].Domain, trainScores[i])).ToList();
        trainRows.Sort((a, b) => string.CompareOrdinal(a.Clip, b.Clip));

        var testScores = new double[test.Rows];
        var parallel = new ParallelOptions { CancellationToken = ct };
        var full = banks.Select(b => (IScorer)b.Scorer).ToList();
        Parallel.For(0, test.Rows, parallel, i => { testScores[i] = Min(full, test.Row(i)); context.Clips.Advance(); });
        var testRows = Enumerable.Range(0, test.Rows).Select(i => new ScoreRow(testIds[i].Name, testIds[i].Domain, testScores[i])).ToList();

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

    /// <summary>The banks the options ask for, each fitted once on its train rows (ascending); score = min over banks.</summary>
    private static List<Bank> Banks(ScoreOptions options, NpyArray train, IReadOnlyList<string> domains, IReadOnlyList<int> rows, int dims)
    {
        IEnumerable<IReadOnlyList<int>> banks = options.Banks switch
        {
            "pooled" => [rows],
            "min" => rows.GroupBy(i => domains[i]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (IReadOnlyList<int>)g.ToList()),
            var domain => [rows.Where(i => domains[i] == domain).ToList()],
        };
        return banks.Where(b => b.Count > 0).Select(b => new Bank(b, Create(options, b.Select(i => train.Row(i).ToArray()).ToList(), dims))).ToList();
    }

    /// <summary>The banks without a fold's clips; a bank left empty drops out.</summary>
    private static IReadOnlyList<IScorer> Without(IReadOnlyList<Bank> banks, IReadOnlyList<int> fold)
    {
        var inFold = fold.ToHashSet();
        return banks.Select(b => (b, Left: Enumerable.Range(0, b.Rows.Count).Where(k => inFold.Contains(b.Rows[k])).ToList()))
            .Where(x => x.Left.Count < x.b.Rows.Count)
            .Select(x => x.b.Scorer.Without(x.Left)).ToList();
    }

    private static double Min(IReadOnlyList<IScorer> scorers, ReadOnlySpan<float> query)
    {
        var best = double.PositiveInfinity;
        foreach (var s in scorers) best = Math.Min(best, s.Score(query));
        return best;
    }

    private static IBankScorer Create(ScoreOptions options, IReadOnlyList<float[]> bank, int dims) => options.Method switch
    {
        "knn" => new KnnScorer(bank, options.K, options.Metric == "cosine"),
        "mahalanobis" => new MahalanobisScorer(bank, options.Shrinkage),
        _ => new LocalizedScorer(bank, dims, options.TopFrames),
    };

    private sealed record ClipRef(string Name, string Domain);

    private sealed record Bank(IReadOnlyList<int> Rows, IBankScorer Scorer);
}

namespace Asd.Workflow.Scoring.Activities.Score;

/// <summary>
/// Scores train clips out of fold with bounded memory: clips are taken fold by fold, a fold's scorers (its banks
/// without its clips) are made by the first of its clips to need them and dropped when its last clip is scored.
/// With at most <see cref="Environment.ProcessorCount"/> clips in flight, only the folds those clips (and the
/// ends of the ranges the workers hold) belong to are open: a leave-one-out shard holds a few masked banks, not
/// one per train clip (1,000 masked frame banks of ≈ 0.7 MB each, before). Each clip's score is computed on one
/// thread into its own slot from its fold's one set of scorers, so the result does not depend on the thread count.
/// </summary>
internal static class OutOfFold
{
    /// <param name="members">each fold's clips (row indices); an empty fold opens nothing.</param>
    /// <param name="open">the scorers of a fold, from its clips.</param>
    /// <param name="score">a clip's score against its fold's scorers.</param>
    public static double[] Score<TScorers>(int rows, IReadOnlyList<IReadOnlyList<int>> members, Func<IReadOnlyList<int>, TScorers> open,
        Func<TScorers, int, double> score, Action scored, CancellationToken ct)
    {
        var scores = new double[rows];
        var order = members.SelectMany((m, f) => m.Select(i => (Clip: i, Fold: f))).ToArray();
        var left = members.Select(m => m.Count).ToArray();
        var opened = new Lazy<TScorers>?[members.Count];
        var parallel = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, order.Length, parallel, k =>
        {
            var (i, f) = order[k];
            var scorers = Volatile.Read(ref opened[f]);
            if (scorers is null)
            {
                var fresh = new Lazy<TScorers>(() => open(members[f]));
                scorers = Interlocked.CompareExchange(ref opened[f], fresh, null) ?? fresh;
            }
            scores[i] = score(scorers.Value, i);
            if (Interlocked.Decrement(ref left[f]) == 0) Volatile.Write(ref opened[f], null); // its last clip: no one reads the slot again
            scored();
        });
        return scores;
    }
}

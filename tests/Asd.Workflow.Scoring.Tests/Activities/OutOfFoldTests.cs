using System.Collections.Concurrent;
using Asd.Workflow.Scoring.Activities.Score;

namespace Asd.Workflow.Scoring.Tests.Activities;

/// <summary>Out-of-fold scoring: each clip against its own fold's scorers, and a fold's scorers dropped once its clips are scored.</summary>
public sealed class OutOfFoldTests
{
    [Fact]
    public void Score_LeaveOneOut_HoldsAtMostOneFoldPerCoreAlive()
    {
        const int rows = 120;
        var members = Enumerable.Range(0, rows).Select(i => (IReadOnlyList<int>)[i]).ToList();
        var opened = new WeakReference?[rows];
        var gate = new object(); // no fold opens between a collection and its count, so the count is what the collection kept
        var mostAlive = 0;
        OutOfFold.Score(rows, members,
            fold => { lock (gate) { var scorers = new byte[4096]; opened[fold[0]] = new WeakReference(scorers); return scorers; } },
            (_, i) =>
            {
                lock (gate)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    mostAlive = Math.Max(mostAlive, opened.Count(w => w is { IsAlive: true }));
                }
                return i;
            },
            () => { }, CancellationToken.None);
        Assert.InRange(mostAlive, 1, Environment.ProcessorCount);
    }

    [Fact]
    public void Score_KFold_EachClipAgainstItsOwnFoldOnceAndEmptyFoldsNotOpened()
    {
        const int rows = 53;
        var folds = FoldAssignment.Assign(Enumerable.Range(0, rows).Select(i => i % 7 == 0 ? "target" : "source").ToList(), 5, 3);
        var members = Enumerable.Range(0, 6).Select(f => (IReadOnlyList<int>)Enumerable.Range(0, rows).Where(i => folds[i] == f).ToList()).ToList();
        var opens = new ConcurrentBag<int>();
        var scored = 0;
        var scores = OutOfFold.Score(rows, members,
            fold => { opens.Add(folds[fold[0]]); return fold; },
            (fold, i) => fold.Contains(i) ? folds[fold[0]] : double.NaN,
            () => Interlocked.Increment(ref scored), CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, rows).Select(i => (double)folds[i]), scores);
        Assert.Equal([0, 1, 2, 3, 4], opens.Order()); // fold 5 is empty: nothing opened for it
        Assert.Equal(rows, scored);
    }
}

using Asd.Workflow.Core.Activities;

namespace Asd.Workflow.Core.Tests.Activities;

public sealed class ClipProgressTests
{
    [Fact]
    public void Counted_LoopWithContinue_EachClipCountedOnceAfterItsTurn()
    {
        var reports = new List<(int Done, int Total)>();
        var progress = new ClipProgress((done, total) => reports.Add((done, total)));
        progress.Expect(3);
        var seen = new List<int>();
        foreach (var clip in progress.Counted(new[] { 1, 2, 3 }))
        {
            seen.Add(progress.Done); // while a clip is worked on, only the ones before it count
            if (clip == 2) continue;
        }
        Assert.Equal([0, 1, 2], seen);
        Assert.Equal([(0, 3), (1, 3), (2, 3), (3, 3)], reports);
    }

    [Fact]
    public void Advance_FromParallelLoops_CountsEveryClip()
    {
        var last = 0;
        var progress = new ClipProgress((done, _) => InterlockedMax(ref last, done));
        progress.Expect(1000);
        Parallel.For(0, 1000, _ => progress.Advance());
        Assert.Equal(1000, progress.Done);
        Assert.Equal(1000, last);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}

namespace Asd.Workflow.Core.Activities;

/// <summary>
/// Clip-level progress of one stage shard. An activity says how many clips it will handle
/// (<see cref="Expect"/>, once per split or once for all) and counts them as they finish (<see cref="Advance"/>);
/// each call reports (clips done, clips expected so far) to the run's observer. Safe to call from parallel loops.
/// Progress never reaches an artifact: it only feeds the display.
/// </summary>
public sealed class ClipProgress(Action<int, int> report)
{
    private int _done;
    private int _total;

    /// <summary>Progress that goes nowhere (an activity run on its own, in a test).</summary>
    public static ClipProgress None => new((_, _) => { });

    public int Done => Volatile.Read(ref _done);
    public int Total => Volatile.Read(ref _total);

    /// <summary>Adds <paramref name="clips"/> to the clips this shard will handle.</summary>
    public void Expect(int clips)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(clips);
        report(Done, Interlocked.Add(ref _total, clips));
    }

    /// <summary>Counts <paramref name="clips"/> more clips as done (a memo hit counts too).</summary>
    public void Advance(int clips = 1)
    {
        var done = Interlocked.Add(ref _done, clips);
        report(done, Total);
    }

    /// <summary>The clips in order, each counted as done once the loop moves past it (a <c>continue</c> counts too).</summary>
    public IEnumerable<T> Counted<T>(IEnumerable<T> clips)
    {
        var any = false;
        foreach (var clip in clips)
        {
            if (any) Advance();
            any = true;
            yield return clip;
        }
        if (any) Advance();
    }
}

using System.Collections.Concurrent;
using Asd.Workflow.Core.Engine;

namespace Asd.Workflow.Cli.Output;

/// <summary>A running shard as the displays show it: clips done of clips expected, since when.</summary>
internal sealed record RunningShard(string Stage, string Shard, long StartedAt, int ClipsDone, int ClipsTotal);

/// <summary>A rate and what it leaves: items per second, and the time left at that rate (null until it can be told).</summary>
internal readonly record struct Pace(double PerSecond, TimeSpan? Left)
{
    /// <summary>The pace of <paramref name="done"/> of <paramref name="total"/> items after <paramref name="elapsed"/>.</summary>
    public static Pace Of(int done, int total, TimeSpan elapsed)
    {
        if (done <= 0 || elapsed <= TimeSpan.Zero) return new(0, null);
        var rate = done / elapsed.TotalSeconds;
        return new(rate, TimeSpan.FromSeconds(Math.Max(0, total - done) / rate));
    }

    /// <summary>"12.5/s ETA 1:05" (or "" before anything is done): short, so a row fits 80 columns.</summary>
    public string Describe() => Left is { } left ? $"{PerSecond:0.#}/s ETA {Clock(left)}" : "";

    public static string Clock(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}" : $"{t.Minutes}:{t.Seconds:00}";
}

/// <summary>
/// What every run display counts: shards finished of the run's total, shards running with their clip progress,
/// and the pace of both. <see cref="Observing"/> puts it in front of a display. Thread-safe; time is injected.
/// The one count of finished shards: through <see cref="Observing"/> finishes are told one at a time, so a display
/// reading <see cref="Done"/> in its ShardFinished reads that shard's number (displays keep no count of their own).
/// </summary>
internal sealed class RunTally(int total, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string, string), RunningShard> _running = new();
    private readonly Lock _finishing = new();
    private long _firstRan = -1;
    private int _done;
    private int _ran;

    public int Total => total;
    public int Done => Volatile.Read(ref _done);
    public TimeProvider Time => time;

    /// <summary>Running shards, longest running first.</summary>
    public IReadOnlyList<RunningShard> Running => _running.Values.OrderBy(r => r.StartedAt).ThenBy(r => r.Stage, StringComparer.Ordinal).ToList();

    public TimeSpan Elapsed(long since) => time.GetElapsedTime(since);

    /// <summary>The run's pace in shards: counted from the first executed shard (cached ones take no time).</summary>
    public Pace Overall()
    {
        var first = Interlocked.Read(ref _firstRan);
        var ran = Volatile.Read(ref _ran);
        if (first < 0 || ran == 0) return new(0, null);
        var elapsed = time.GetElapsedTime(first);
        var rate = ran / Math.Max(elapsed.TotalSeconds, 1e-3);
        return new(rate, TimeSpan.FromSeconds(Math.Max(0, total - Done) / rate));
    }

    /// <summary>A running shard's clip pace.</summary>
    public Pace Clips(RunningShard shard) => Pace.Of(shard.ClipsDone, shard.ClipsTotal, time.GetElapsedTime(shard.StartedAt));

    public void ShardStarted(string stage, string shard)
    {
        var now = time.GetTimestamp();
        Interlocked.CompareExchange(ref _firstRan, now, -1);
        _running[(stage, shard)] = new RunningShard(stage, shard, now, 0, 0);
    }

    public void ShardProgress(string stage, string shard, int done, int total)
    {
        _running.AddOrUpdate((stage, shard), _ => new RunningShard(stage, shard, time.GetTimestamp(), done, total),
            (_, r) => r with { ClipsDone = Math.Max(r.ClipsDone, done), ClipsTotal = Math.Max(r.ClipsTotal, total) });
    }

    public RunningShard? Find(string stage, string shard) => _running.TryGetValue((stage, shard), out var r) ? r : null;

    public void ShardFinished(ShardEvent e)
    {
        _running.TryRemove((e.Stage, e.Shard), out _);
        if (e.Status == ShardStatus.Ran) Interlocked.Increment(ref _ran);
        Interlocked.Increment(ref _done);
    }

    /// <summary>An observer that counts here first, then tells <paramref name="display"/>.</summary>
    public IRunObserver Observing(IRunObserver display) => new Tallied(this, display);

    private sealed class Tallied(RunTally tally, IRunObserver display) : IRunObserver
    {
        public void ShardStarted(string stage, string shard) { tally.ShardStarted(stage, shard); display.ShardStarted(stage, shard); }
        public void ShardProgress(string stage, string shard, int done, int total) { tally.ShardProgress(stage, shard, done, total); display.ShardProgress(stage, shard, done, total); }
        public void ShardFinished(ShardEvent e)
        {
            lock (tally._finishing) { tally.ShardFinished(e); display.ShardFinished(e); }
        }
        public void Notice(string line) => display.Notice(line);
    }
}

using Asd.Workflow.Cli.Output;
using Asd.Workflow.Core.Engine;

namespace Asd.Workflow.Cli.Tests.Output;

public sealed class RunTallyTests
{
    /// <summary>A clock the test moves.</summary>
    private sealed class ManualTime : TimeProvider
    {
        public long Ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Ticks;
        public void Advance(double seconds) => Ticks += (long)(seconds * TimeSpan.TicksPerSecond);
    }

    private sealed class Nothing : IRunObserver
    {
        public void ShardFinished(ShardEvent e) { }
    }

    private static ShardEvent Finished(string stage, string shard, ShardStatus status) => new(stage, shard, status, null, 0, null, []);

    [Fact]
    public void Pace_HalfDoneAfterTenSeconds_TenSecondsLeft()
    {
        var pace = Pace.Of(50, 100, TimeSpan.FromSeconds(10));
        Assert.Equal(5.0, pace.PerSecond);
        Assert.Equal(TimeSpan.FromSeconds(10), pace.Left);
        Assert.Equal("5/s ETA 0:10", pace.Describe());
        Assert.Null(Pace.Of(0, 100, TimeSpan.FromSeconds(3)).Left); // nothing done yet: no ETA
        Assert.Equal("1:01:05", Pace.Clock(TimeSpan.FromSeconds(3665)));
    }

    [Fact]
    public void Tally_ShardsAndClips_CountedWithTheirPace()
    {
        var time = new ManualTime();
        var tally = new RunTally(4, time);
        var observer = tally.Observing(new Nothing());
        observer.ShardFinished(Finished("decode", "a/00", ShardStatus.Cached)); // cached: no time, no pace
        Assert.Null(tally.Overall().Left);
        observer.ShardStarted("decode", "b/00");
        observer.ShardProgress("decode", "b/00", 0, 40);
        time.Advance(4);
        observer.ShardProgress("decode", "b/00", 10, 40);
        var running = Assert.Single(tally.Running);
        Assert.Equal((10, 40), (running.ClipsDone, running.ClipsTotal));
        Assert.Equal(TimeSpan.FromSeconds(12), tally.Clips(running).Left); // 2.5 clips/s, 30 to go
        time.Advance(12);
        observer.ShardFinished(Finished("decode", "b/00", ShardStatus.Ran));
        Assert.Empty(tally.Running);
        Assert.Equal(2, tally.Done);
        Assert.Equal(TimeSpan.FromSeconds(32), tally.Overall().Left); // one shard ran in 16 s; two to go
    }

    [Fact]
    public void Observing_ShardsFinishingInParallel_PlainAndJsonCountOncePerShardInOrder()
    {
        const int total = 300;
        var tally = new RunTally(total, TimeProvider.System);
        var plain = new StringWriter();
        var json = new StringWriter();
        var plainObserver = tally.Observing(new PlainObserver(plain, quietCached: false, tally));
        var jsonTally = new RunTally(total, TimeProvider.System);
        var jsonObserver = jsonTally.Observing(new JsonObserver(json, jsonTally, TimeSpan.FromSeconds(1)));
        Parallel.For(0, total, i =>
        {
            plainObserver.ShardFinished(Finished("s", $"m/{i:000}", ShardStatus.Ran));
            jsonObserver.ShardFinished(Finished("s", $"m/{i:000}", ShardStatus.Ran));
        });

        var counters = plain.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..PlainObserver.Counter(1, total).Length]);
        Assert.Equal(Enumerable.Range(1, total).Select(n => PlainObserver.Counter(n, total)), counters);
        var done = json.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("done").GetInt32());
        Assert.Equal(Enumerable.Range(1, total), done);
        Assert.Equal((total, total), (tally.Done, jsonTally.Done));
    }

    [Fact]
    public void Counter_PaddedToTheTotal()
    {
        Assert.Equal("[  7/268]", PlainObserver.Counter(7, 268));
        Assert.Equal("[268/268]", PlainObserver.Counter(268, 268));
    }
}

using Asd.Workflow.Cli.Output;
using Asd.Workflow.Core.Engine;
using Spectre.Console;

namespace Asd.Workflow.Cli.Tests.Output;

public sealed class ProgressObserverTests
{
    [Fact]
    public void LiveDisplay_MoreShardsRunningThanRows_ShowsRowsAndCountsTheRest()
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.Yes, Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 80; // a small terminal: every row still one line
        var tally = new RunTally(40, TimeProvider.System);
        ProgressObserver? observer = null;
        console.Progress().AutoClear(false).HideCompleted(true)
            .Columns(RunDisplay.Columns(t => observer!.Describe(t)))
            .Start(ctx =>
            {
                observer = new ProgressObserver(ctx, tally, rows: 3);
                var run = tally.Observing(observer);
                for (var i = 0; i < 10; i++) run.ShardStarted("decode", $"m{i}/00");
                run.ShardProgress("decode", "m1/00", 7, 31);
                run.ShardFinished(new ShardEvent("decode", "m0/00", ShardStatus.Ran, null, 5, null, []));
                run.ShardProgress("decode", "m3/00", 1, 31);
                ctx.Refresh();
            });
        var text = writer.ToString();
        Assert.Contains("m1/00", text);
        Assert.Contains("7/31 clips", text); // clip-level progress of a running shard
        Assert.Contains("1/40", text); // the run's row: shards done of all
        Assert.True(text.Contains("+6 running", StringComparison.Ordinal), text); // 9 running: m1, m2 and m3 (which took the row m0 freed) shown
        Assert.DoesNotContain("m5/00", text); // no row per shard beyond what fits
    }
}

using System.Diagnostics;
using System.Text;

namespace Asd.Workflow.Cli.Tests.Faults;

/// <summary>
/// Where to SIGKILL a run, on the run's own progress: once it has reported <paramref name="Events"/> stage events
/// (0: from its start), <paramref name="Delay"/> later.
/// </summary>
internal readonly record struct KillPoint(int Events, TimeSpan Delay)
{
    public override string ToString() => $"{Delay.TotalMilliseconds:0} ms after stage event {Events}";
}

/// <summary>
/// When an uninterrupted <c>--json</c> run reported each stage event (from its start) and when it ended: the time line
/// kill moments are drawn on. A moment is replayed on another run as a <see cref="KillPoint"/> — after as many stage
/// events, as long after the last of them — so a kill lands in the same part of the work however loaded the machine is
/// now or was when the time line was measured (timed from the start alone, a kill on a faster run than the measured
/// one finds it finished, on a slower one earlier in its work).
/// </summary>
internal sealed record RunTimeline(IReadOnlyList<TimeSpan> StageEvents, TimeSpan Duration)
{
    public KillPoint PointAt(TimeSpan moment)
    {
        var passed = StageEvents.Count(t => t <= moment);
        return new KillPoint(passed, moment - (passed == 0 ? TimeSpan.Zero : StageEvents[passed - 1]));
    }
}

/// <summary>An <c>asd</c> process SIGKILLed at a point of its progress: no signal handler, no finally, no flush.</summary>
internal static class KilledRun
{
    /// <summary>What an attempt came to: the result when the run finished first (null when the kill landed), and the stage events it had reported.</summary>
    public sealed record Attempt(AsdProcess.Result? Finished, int EventsSeen);

    /// <summary>Runs <c>asd</c> with <paramref name="args"/> (with --json) to the end, timing its stage events.</summary>
    public static (AsdProcess.Result Result, RunTimeline Timeline) Timed(string folder, string[] args)
    {
        var events = new List<TimeSpan>();
        var watch = Stopwatch.StartNew();
        var attempt = Run(folder, args, null, () => { lock (events) events.Add(watch.Elapsed); });
        return (attempt.Finished!, new RunTimeline(events, watch.Elapsed));
    }

    /// <summary>Starts <c>asd</c> with <paramref name="args"/> (with --json) and SIGKILLs it at <paramref name="point"/>.</summary>
    public static Attempt RunOrKill(string folder, string[] args, KillPoint point) => Run(folder, args, point, () => { });

    private static Attempt Run(string folder, string[] args, KillPoint? point, Action onStageEvent)
    {
        using var process = Process.Start(AsdProcess.StartInfo(folder, args))!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = new StringBuilder();
        var seen = 0;
        var anchor = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (point is { Events: 0 }) anchor.SetResult();
        // A thread of its own, not the pool: on a loaded test host the events must be seen as they come.
        var reader = Task.Factory.StartNew(() =>
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                stdout.Append(line).Append('\n');
                if (!line.Contains("\"event\":\"stage\"", StringComparison.Ordinal)) continue;
                onStageEvent();
                if (Interlocked.Increment(ref seen) == point?.Events) anchor.TrySetResult();
            }
            anchor.TrySetResult(); // the run ended before the point
        }, TaskCreationOptions.LongRunning);
        if (point is { } at)
        {
            anchor.Task.Wait();
            if (!process.WaitForExit(at.Delay))
            {
                process.Kill(); // SIGKILL on Linux
                process.WaitForExit();
                if (process.ExitCode == 137) // 128 + SIGKILL
                {
                    reader.Wait();
                    return new Attempt(null, Volatile.Read(ref seen));
                }
            }
        }
        process.WaitForExit();
        reader.Wait();
        return new Attempt(new AsdProcess.Result(process.ExitCode, stdout.ToString(), stderr.Result), Volatile.Read(ref seen));
    }
}

using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Errors;
using Spectre.Console;

namespace Asd.Workflow.Cli.Output;

/// <summary>
/// Shows a run of <c>total</c> shards as the output allows: the live display in a terminal, plain lines with a
/// counter when piped (or with --verbose), JSON lines with --json, nothing but errors with --quiet. An interrupted
/// run (Ctrl-C) leaves the display, restores the cursor and ends as one line: "interrupted: n of N shards done".
/// </summary>
internal static class RunDisplay
{
    public static async Task<T> ShowAsync<T>(int total, bool json, TextWriter output, Func<IRunObserver, Task<T>> work,
        Composition.AsdSession? session = null, CancellationToken ct = default)
    {
        var settings = OutputSettings.Current;
        var tally = new RunTally(total, TimeProvider.System);
        try
        {
            if (json) return await work(tally.Observing(new JsonObserver(output, tally, settings.ProgressInterval)));
            if (settings.Quiet) return await work(tally.Observing(new SilentObserver()));
            if (settings.Verbose || Console.IsOutputRedirected || output != Console.Out)
                return await work(tally.Observing(new PlainObserver(output, quietCached: !settings.Verbose, tally)));
            return await LiveAsync(tally, output, work, session);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw Interrupted(tally.Done, total);
        }
    }

    /// <summary>The one line an interrupted run ends with (exit code 130).</summary>
    public static AsdException Interrupted(int done, int total) =>
        new(ErrorCode.Interrupted, $"interrupted: {done} of {total} shards done; rerun to continue (finished shards are kept)");

    private static async Task<T> LiveAsync<T>(RunTally tally, TextWriter output, Func<IRunObserver, Task<T>> work, Composition.AsdSession? session)
    {
        T result = default!;
        ProgressObserver? observer = null;
        var held = new List<string>();
        var original = session?.Notice;
        if (session is not null) session.Notice = line => { lock (held) held.Add(line); }; // printed after the live display
        var rows = Math.Clamp(Console.WindowHeight - 3, 1, 40); // the run's row, the shard rows, the cursor line
        try
        {
            await AnsiConsole.Progress().AutoClear(true).HideCompleted(true)
                .Columns(Columns(t => observer?.Describe(t) ?? ""))
                .StartAsync(async ctx =>
                {
                    observer = new ProgressObserver(ctx, tally, rows - 1);
                    result = await work(tally.Observing(observer));
                });
        }
        finally
        {
            AnsiConsole.Cursor.Show(); // also when interrupted
            if (session is not null && original is not null) session.Notice = original;
            foreach (var line in held) (original ?? Console.Error.WriteLine)(line);
            foreach (var line in observer?.Lines ?? []) output.WriteLine("  " + line);
        }
        return result;
    }

    /// <summary>The live display's columns: what runs, a short bar, and counts with rate and ETA (kept short for 80 columns).</summary>
    public static ProgressColumn[] Columns(Func<ProgressTask, string> text) =>
        [new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 16 }, new TallyColumn(text)];

    private sealed class SilentObserver : IRunObserver
    {
        public void ShardFinished(ShardEvent e) { }
    }
}

using System.Text.Json;
using Asd.Workflow.Core.Engine;
using Spectre.Console;

namespace Asd.Workflow.Cli.Output;

/// <summary>Plain lines, one per finished shard (output that is not a terminal).</summary>
internal sealed class PlainObserver(TextWriter output, bool quietCached) : IRunObserver
{
    private readonly Lock _gate = new();

    public void ShardFinished(ShardEvent e)
    {
        if (quietCached && e.Status == ShardStatus.Cached) return;
        var what = e.Status switch
        {
            ShardStatus.Ran => $"ran     {e.Milliseconds,7} ms",
            ShardStatus.Cached => "cached",
            ShardStatus.Failed => "FAILED",
            ShardStatus.Skipped => "skipped",
            _ => "would run",
        };
        lock (_gate)
        {
            output.WriteLine($"  {e.Stage,-16} {e.Shard,-20} {what}{(e.Error is null ? "" : "  " + e.Error)}{(e.Reasons.Count > 0 && e.Status == ShardStatus.WouldRun ? "  (" + string.Join("; ", e.Reasons) + ")" : "")}");
        }
    }

    public void Notice(string line)
    {
        lock (_gate) output.WriteLine($"  note: {line}");
    }
}

/// <summary>One JSON object per line, per shard, for machines (--json).</summary>
internal sealed class JsonObserver(TextWriter output) : IRunObserver
{
    private readonly Lock _gate = new();

    public void ShardFinished(ShardEvent e)
    {
        var status = e.Status switch { ShardStatus.Ran => "ran", ShardStatus.Cached => "cached", ShardStatus.Failed => "failed", ShardStatus.Skipped => "skipped", _ => "would_run" };
        var line = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["event"] = "stage", ["stage"] = e.Stage, ["shard"] = e.Shard, ["status"] = status, ["key"] = e.Key, ["ms"] = e.Milliseconds,
            ["error"] = e.Error, ["code"] = e.Code?.ToString(), ["reasons"] = e.Reasons.Count > 0 ? e.Reasons : null,
        });
        lock (_gate) { output.WriteLine(line); output.Flush(); }
    }

    public void Notice(string line)
    {
        lock (_gate) output.WriteLine(JsonSerializer.Serialize(new { @event = "notice", message = line }));
    }
}

/// <summary>A live progress display per stage in a terminal (Spectre.Console).</summary>
internal sealed class ProgressObserver(ProgressContext context, IReadOnlyDictionary<string, int> shardsPerStage) : IRunObserver
{
    private readonly Dictionary<string, ProgressTask> _tasks = shardsPerStage.ToDictionary(
        p => p.Key, p => context.AddTask(p.Key, maxValue: Math.Max(1, p.Value)));
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines => _lines;

    public void ShardFinished(ShardEvent e)
    {
        lock (_gate)
        {
            var task = _tasks[e.Stage];
            task.Increment(1);
            task.Description = $"{e.Stage} [grey]({Markup.Escape(e.Status.ToString().ToLowerInvariant())} {Markup.Escape(e.Shard)})[/]";
            if (e.Status == ShardStatus.Failed) _lines.Add($"{e.Stage}/{e.Shard} FAILED: {e.Error}");
        }
    }

    public void Notice(string line)
    {
        lock (_gate) _lines.Add("note: " + line);
    }
}

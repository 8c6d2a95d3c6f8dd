using Asd.Workflow.Core.Engine;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Asd.Workflow.Cli.Output;

/// <summary>
/// Plain lines, one per finished shard, each with the run's counter (<c>[37/268]</c>, the tally's count): output
/// that is not a terminal.
/// </summary>
internal sealed class PlainObserver(TextWriter output, bool quietCached, RunTally tally) : IRunObserver
{
    private readonly Lock _gate = new();

    public void ShardFinished(ShardEvent e)
    {
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
            var counter = Counter(tally.Done, tally.Total);
            if (quietCached && e.Status == ShardStatus.Cached) return;
            output.WriteLine($"{counter} {e.Stage,-16} {e.Shard,-20} {what}{(e.Error is null ? "" : "  " + e.Error)}{(e.Reasons.Count > 0 && e.Status == ShardStatus.WouldRun ? "  (" + string.Join("; ", e.Reasons) + ")" : "")}");
        }
    }

    public void Notice(string line)
    {
        lock (_gate) output.WriteLine($"  note: {line}");
    }

    /// <summary>"[ 7/268]": the n-th finished shard of the run, padded so the lines stay aligned.</summary>
    public static string Counter(int n, int total) => $"[{n.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(total.ToString(System.Globalization.CultureInfo.InvariantCulture).Length)}/{total}]";
}

/// <summary>
/// One JSON object per line (--json): a "stage" event per finished shard with the run's count (done, total), and
/// for a shard running longer than the progress interval a "progress" event per interval (clips done and total,
/// clips per second, seconds left).
/// </summary>
internal sealed class JsonObserver(TextWriter output, RunTally tally, TimeSpan interval) : IRunObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string, string), long> _lastReported = [];

    public void ShardFinished(ShardEvent e)
    {
        var status = e.Status switch { ShardStatus.Ran => "ran", ShardStatus.Cached => "cached", ShardStatus.Failed => "failed", ShardStatus.Skipped => "skipped", _ => "would_run" };
        lock (_gate)
        {
            _lastReported.Remove((e.Stage, e.Shard));
            var line = JsonLines.Serialize(new Dictionary<string, object?>
            {
                ["event"] = "stage", ["stage"] = e.Stage, ["shard"] = e.Shard, ["status"] = status, ["key"] = e.Key, ["ms"] = e.Milliseconds,
                ["error"] = e.Error, ["code"] = e.Code?.ToString(), ["reasons"] = e.Reasons.Count > 0 ? e.Reasons : null,
                ["memo"] = e.Memo is { } memo ? new Dictionary<string, int> { ["hits"] = memo.Hits, ["computed"] = memo.Computed } : null,
                ["done"] = tally.Done, ["total"] = tally.Total,
            });
            output.WriteLine(line);
            output.Flush();
        }
    }

    public void ShardProgress(string stage, string shard, int done, int total)
    {
        if (tally.Find(stage, shard) is not { } running) return;
        var now = tally.Time.GetTimestamp();
        lock (_gate)
        {
            var since = _lastReported.TryGetValue((stage, shard), out var last) ? last : running.StartedAt;
            if (tally.Time.GetElapsedTime(since, now) < interval) return;
            _lastReported[(stage, shard)] = now;
            var pace = tally.Clips(running);
            output.WriteLine(JsonLines.Serialize(new Dictionary<string, object?>
            {
                ["event"] = "progress", ["stage"] = stage, ["shard"] = shard, ["clips_done"] = done, ["clips_total"] = total,
                ["clips_per_s"] = Math.Round(pace.PerSecond, 2), ["eta_s"] = pace.Left is { } left ? Math.Round(left.TotalSeconds, 1) : null,
                ["shards_done"] = tally.Done, ["shards_total"] = tally.Total,
            }));
            output.Flush();
        }
    }

    public void Notice(string line)
    {
        lock (_gate) output.WriteLine(JsonLines.Serialize(new { @event = "notice", message = line }));
    }
}

/// <summary>
/// The live display in a terminal (Spectre.Console): one row for the run (shards done of total, shards per
/// second, ETA) and one row per running shard with its clip progress, at most the constructor's <c>rows</c> of them
/// (the rest are counted on the run's row), so the display fits the terminal. Finished shards leave the display.
/// </summary>
internal sealed class ProgressObserver : IRunObserver
{
    private readonly ProgressContext _context;
    private readonly RunTally _tally;
    private readonly int _rows;
    private readonly ProgressTask _overall;
    private readonly Dictionary<(string, string), ProgressTask> _shards = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, (string Stage, string Shard)> _rowsById = new(); // read by the render thread without the gate
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private int _shown; // shard rows on screen, read by the render thread

    public ProgressObserver(ProgressContext context, RunTally tally, int rows)
    {
        (_context, _tally, _rows) = (context, tally, Math.Max(1, rows));
        _overall = context.AddTask("shards", maxValue: Math.Max(1, tally.Total));
        Describe = RowText;
    }

    /// <summary>The text right of each bar (counts, rate, ETA), for <see cref="TallyColumn"/>.</summary>
    public Func<ProgressTask, string> Describe { get; }

    public IReadOnlyList<string> Lines => _lines;

    public void ShardStarted(string stage, string shard)
    {
        lock (_gate) Row(stage, shard);
    }

    /// <summary>The shard's row; a new one while fewer than the rows that fit are shown (null: counted as "more running").</summary>
    private ProgressTask? Row(string stage, string shard)
    {
        if (_shards.TryGetValue((stage, shard), out var row)) return row;
        if (_shards.Count >= _rows) return null;
        var task = _context.AddTask($"  {Markup.Escape(stage)} [grey]{Markup.Escape(shard)}[/]", maxValue: 1);
        task.IsIndeterminate = true;
        _shards[(stage, shard)] = task;
        _rowsById[task.Id] = (stage, shard);
        Interlocked.Increment(ref _shown);
        return task;
    }

    public void ShardProgress(string stage, string shard, int done, int total)
    {
        lock (_gate)
        {
            if (total <= 0 || Row(stage, shard) is not { } task) return; // a running shard takes a row a finished one freed
            task.IsIndeterminate = false;
            task.MaxValue = total;
            task.Value = Math.Min(done, total - 0.001); // a shard at its last clip still writes outputs: not complete yet
        }
    }

    public void ShardFinished(ShardEvent e)
    {
        lock (_gate)
        {
            if (_shards.Remove((e.Stage, e.Shard), out var task)) { task.Value = task.MaxValue; task.StopTask(); Interlocked.Decrement(ref _shown); }
            _overall.Increment(1);
            if (e.Status == ShardStatus.Failed) _lines.Add($"{e.Stage}/{e.Shard} FAILED: {e.Error}");
        }
    }

    public void Notice(string line)
    {
        lock (_gate) _lines.Add("note: " + line);
    }

    private string RowText(ProgressTask task)
    {
        if (task.Id == _overall.Id)
        {
            var more = _tally.Running.Count - Volatile.Read(ref _shown);
            var overall = _tally.Overall().Describe();
            return $"{_tally.Done}/{_tally.Total}{(overall.Length > 0 ? "  " + overall : "")}{(more > 0 ? $"  +{more} running" : "")}";
        }
        if (!_rowsById.TryGetValue(task.Id, out var key) || _tally.Find(key.Stage, key.Shard) is not { } running) return "";
        var clips = running.ClipsTotal > 0 ? $"{running.ClipsDone}/{running.ClipsTotal} clips" : "";
        var pace = _tally.Elapsed(running.StartedAt) > TimeSpan.FromSeconds(2) ? _tally.Clips(running).Describe() : "";
        return $"{clips}{(pace.Length > 0 ? "  " + pace : "")}";
    }
}

/// <summary>A progress column whose text a function of the task gives (Spectre has none for counts of clips or shards).</summary>
internal sealed class TallyColumn(Func<ProgressTask, string> text) : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) => new Text(text(task));
}

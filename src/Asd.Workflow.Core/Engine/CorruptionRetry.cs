using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Core.Engine;

/// <summary>
/// Self-healing runs. When a shard fails because it read a corrupt object (the store has quarantined it), the
/// run says so in one line and runs again: the object is gone, so its producer's cache check misses and the
/// producer re-executes (with <see cref="CacheHitCheck.FollowReferences"/> also for objects named inside JSON
/// outputs). At most <see cref="MaxRetries"/> extra passes; the last pass reports failures as they are.
/// </summary>
internal static class CorruptionRetry
{
    public const int MaxRetries = 2;

    public static async Task<RunSummary> RunAsync(CacheHitCheck hits, IRunObserver observer, Func<IRunObserver, Task<RunSummary>> pass)
    {
        hits.FollowReferences = false; // a runner is reused across runs: only a pass after a corrupt read follows references
        var healing = new HealingObserver(observer);
        var passes = new List<RunSummary>();
        for (var attempt = 0; ; attempt++)
        {
            healing.BeginPass(last: attempt == MaxRetries);
            var summary = await pass(healing);
            passes.Add(summary);
            var retry = attempt < MaxRetries && summary.Events.Any(IsCorruptRead);
            healing.EndPass(retry);
            if (!retry) return Merged(passes);
            hits.FollowReferences = true;
        }
    }

    private static bool IsCorruptRead(ShardEvent e) => e.Status == ShardStatus.Failed && e.Code == ErrorCode.CorruptObject;

    /// <summary>The last pass's events, except that a shard executed by an earlier pass counts as ran, not cached.</summary>
    private static RunSummary Merged(IReadOnlyList<RunSummary> passes)
    {
        if (passes.Count == 1) return passes[0];
        var ran = passes.SelectMany(p => p.Events).Where(e => e.Status == ShardStatus.Ran)
            .GroupBy(e => (e.Stage, e.Shard)).ToDictionary(g => g.Key, g => g.Last());
        var events = passes[^1].Events.Select(e => e.Status == ShardStatus.Cached && ran.TryGetValue((e.Stage, e.Shard), out var r) ? r : e).ToList();
        return new RunSummary(events, passes.SelectMany(p => p.Notes).Distinct().ToList()) { Identities = passes[^1].Identities };
    }

    /// <summary>
    /// Passes events on, except that a corrupt read becomes one notice line (unless on the last pass), other
    /// failures and skips are held until the pass ends and dropped when it is retried (they run again: a shard
    /// that read the object while it was being quarantined finds it missing), and a shard already reported is
    /// not reported again as cached.
    /// </summary>
    private sealed class HealingObserver(IRunObserver inner) : IRunObserver
    {
        private readonly HashSet<(string, string)> _reported = [];
        private readonly List<ShardEvent> _held = [];
        private readonly Lock _gate = new();
        private bool _last;

        public void BeginPass(bool last)
        {
            lock (_gate) _last = last;
        }

        public void EndPass(bool retrying)
        {
            List<ShardEvent> held;
            lock (_gate) { held = retrying ? [] : [.. _held]; _held.Clear(); }
            foreach (var e in held) inner.ShardFinished(e);
        }

        public void ShardStarted(string stage, string shard) => inner.ShardStarted(stage, shard);

        public void Notice(string line) => inner.Notice(line);

        public void ShardProgress(string stage, string shard, int done, int total) => inner.ShardProgress(stage, shard, done, total);

        public void ShardFinished(ShardEvent e)
        {
            lock (_gate)
            {
                if (!_last && IsCorruptRead(e))
                {
                    inner.Notice($"{e.Stage}/{e.Shard}: {e.Error}");
                    return;
                }
                if (!_last && e.Status is ShardStatus.Failed or ShardStatus.Skipped)
                {
                    _held.Add(e);
                    return;
                }
                if (!_reported.Add((e.Stage, e.Shard)) && e.Status == ShardStatus.Cached) return;
            }
            inner.ShardFinished(e);
        }
    }
}

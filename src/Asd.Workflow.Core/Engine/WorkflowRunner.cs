using System.Collections.Concurrent;
using Stopwatch = System.Diagnostics.Stopwatch;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Core.Engine;

/// <summary>
/// Runs a workflow's stage shards as a DAG: each shard starts once its upstream shards are done, at most
/// <see cref="RunSettings.Jobs"/> execute at once, and a shard whose cache key has a recorded execution
/// with all outputs present is not executed (cached). Identical outputs after a re-execution keep
/// downstream keys unchanged, which gives early cutoff for free.
/// </summary>
public sealed class WorkflowRunner(ActivityRegistry registry, IArtifactStore store, IRunIndex index, IShardExecutor executor)
{
    private sealed record Outcome(ShardStatus Status, IReadOnlyList<InputArtifact> Outputs, string? Why = null);

    private readonly CacheHitCheck _hits = new(store);

    /// <summary>Runs the workflow; a pass in which a shard read a corrupt object is run again (<see cref="CorruptionRetry"/>).</summary>
    public Task<RunSummary> RunAsync(WorkflowDefinition workflow, DatasetSnapshot dataset, RunSettings settings,
        IRunObserver observer, CancellationToken cancellationToken = default) =>
        CorruptionRetry.RunAsync(_hits, observer, o => RunPassAsync(workflow, dataset, settings, o, cancellationToken));

    private async Task<RunSummary> RunPassAsync(WorkflowDefinition workflow, DatasetSnapshot dataset, RunSettings settings,
        IRunObserver observer, CancellationToken cancellationToken)
    {
        var forced = ForcedStages(workflow, settings);
        var tasks = new Dictionary<(string, Shard), Task<Outcome>>();
        var events = new ConcurrentQueue<ShardEvent>();
        var notes = new ConcurrentQueue<string>();
        var states = new ConcurrentQueue<StageState>();
        using var gate = new SemaphoreSlim(Math.Max(1, settings.Jobs));
        foreach (var stage in workflow.TopologicalOrder())
        {
            var activity = registry.Get(stage.Uses);
            foreach (var shard in ShardsOf(activity, dataset))
            {
                var upstream = Upstream(workflow, stage, activity, shard, dataset, tasks);
                tasks[(stage.Name, shard)] = Task.Run(() => RunShardAsync(
                    workflow, dataset, stage, activity, shard, upstream, forced.Contains(stage.Name), settings, gate,
                    observer, events, notes, states, cancellationToken), cancellationToken);
            }
        }
        await Task.WhenAll(tasks.Values);
        if (!settings.DryRun) index.SaveStageStates(states);
        var ordered = OrderEvents(workflow, events);
        var summary = new RunSummary(ordered, notes.ToList());
        if (!settings.DryRun)
            index.RecordRun(new RunRecord(
                Guid.NewGuid().ToString("N"), workflow.Name,
                ordered.Where(e => e.Key is not null && e.Status is ShardStatus.Ran or ShardStatus.Cached).Select(e => e.Key!).ToList(),
                summary.Ran, summary.Cached, summary.Failed));
        return summary;
    }

    private async Task<Outcome> RunShardAsync(WorkflowDefinition workflow, DatasetSnapshot dataset, StageDefinition stage,
        IActivity activity, Shard shard, IReadOnlyList<(string Need, Task<Outcome> Task)> upstream, bool forced,
        RunSettings settings, SemaphoreSlim gate, IRunObserver observer, ConcurrentQueue<ShardEvent> events,
        ConcurrentQueue<string> notes, ConcurrentQueue<StageState> states, CancellationToken ct)
    {
        var shardName = shard.ToString();
        var done = await Task.WhenAll(upstream.Select(u => u.Task));
        var blocked = upstream.Zip(done).FirstOrDefault(p => p.Second.Status is ShardStatus.Failed or ShardStatus.Skipped or ShardStatus.WouldRun);
        if (blocked.First.Task is not null)
        {
            var status = blocked.Second.Status == ShardStatus.WouldRun ? ShardStatus.WouldRun : ShardStatus.Skipped;
            var why = status == ShardStatus.WouldRun ? $"upstream stage '{blocked.First.Need}' would run" : $"upstream stage '{blocked.First.Need}' did not finish";
            return Finish(new ShardEvent(stage.Name, shardName, status, null, 0, null, [why]), [], observer, events);
        }

        var inputs = done.SelectMany(o => o.Outputs).ToList();
        var environment = activity.EnvironmentFacts(stage.TypedOptions);
        var (key, document) = CacheKey.Compute(activity, stage.Options, shard, stage.Needs, inputs, environment);
        var state = new StageState(workflow.Name, stage.Name, shardName, key.ToString(), document);
        var stopwatch = Stopwatch.StartNew();

        if (!forced && index.FindExecution(key) is { } cached && _hits.IsUsable(cached))
        {
            states.Enqueue(state);
            return Finish(new ShardEvent(stage.Name, shardName, ShardStatus.Cached, key.ToString(), stopwatch.ElapsedMilliseconds, null, []) { Inputs = inputs },
                ToInputs(stage.Name, shardName, cached.Outputs), observer, events);
        }

        if (settings.DryRun)
        {
            var previous = index.FindStageState(workflow.Name, stage.Name, shardName);
            IReadOnlyList<string> reasons = forced ? ["forced"] : previous is null ? ["never run"] : KeyDiff.Explain(previous.KeyDocument, document);
            return Finish(new ShardEvent(stage.Name, shardName, ShardStatus.WouldRun, key.ToString(), 0, null, reasons), [], observer, events);
        }

        await gate.WaitAsync(ct);
        try
        {
            observer.ShardStarted(stage.Name, shardName);
            stopwatch.Restart();
            var context = new ActivityContext
            {
                StageName = stage.Name, Shard = shard, Options = stage.TypedOptions, Inputs = inputs, Store = store,
                Memo = index, DatasetRoot = dataset.Root, OnBadClip = workflow.OnBadClip,
                Notice = line => { notes.Enqueue(line); observer.Notice(line); },
            };
            var result = await executor.ExecuteAsync(activity, context, ct);
            index.CommitMemo();
            var missing = result.Outputs.Where(o => !store.Exists(o.Digest)).Select(o => o.Port).ToList();
            if (missing.Count > 0)
                throw new InvalidOperationException($"outputs not in the store: {string.Join(", ", missing)}");
            var record = new ExecutionRecord(key.ToString(), document, activity.Kind, activity.Version, stage.Name, shardName,
                inputs.Select(i => new RecordedInput(i.Ref, i.Digest.ToString(), i.MediaType)).ToList(),
                result.Outputs.Select(o => new RecordedOutput(o.Port, o.Digest.ToString(), o.MediaType, o.DerivedFrom)).ToList(),
                environment, result.Notes, stopwatch.ElapsedMilliseconds);
            index.RecordExecution(record, store.Put(CanonicalJson.Serialize(record)));
            states.Enqueue(state);
            foreach (var note in result.Notes) notes.Enqueue($"{stage.Name}/{shardName}: {note}");
            return Finish(new ShardEvent(stage.Name, shardName, ShardStatus.Ran, key.ToString(), stopwatch.ElapsedMilliseconds, null, []) { Inputs = inputs },
                ToInputs(stage.Name, shardName, record.Outputs), observer, events);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var message = ex is AsdException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            return Finish(new ShardEvent(stage.Name, shardName, ShardStatus.Failed, key.ToString(), stopwatch.ElapsedMilliseconds, message, []) { Code = (ex as AsdException)?.Code },
                [], observer, events);
        }
        finally
        {
            gate.Release();
        }
    }

    private static Outcome Finish(ShardEvent e, IReadOnlyList<InputArtifact> outputs, IRunObserver observer, ConcurrentQueue<ShardEvent> events)
    {
        events.Enqueue(e);
        observer.ShardFinished(e);
        return new Outcome(e.Status, outputs);
    }

    /// <summary>
    /// A cached execution may come from another workflow whose stages have other names (keys exclude names);
    /// its inputs are in the same order as ours, so its lineage refs are mapped onto our names by position.
    /// </summary>
    public static IReadOnlyList<RecordedOutput> Renamed(IReadOnlyList<RecordedOutput> outputs, IReadOnlyList<RecordedInput> recorded, IReadOnlyList<InputArtifact> current)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(recorded.Count, current.Count); i++) map[recorded[i].Ref] = current[i].Ref;
        return outputs.Select(o => o with { DerivedFrom = o.DerivedFrom.Select(r => map.GetValueOrDefault(r, r)).ToList() }).ToList();
    }

    private static List<InputArtifact> ToInputs(string stage, string shard, IEnumerable<RecordedOutput> outputs) =>
        outputs.Select(o => new InputArtifact(stage, shard, o.Port, Hashing.Digest.Parse(o.Digest), o.MediaType)).ToList();

    private static IReadOnlyList<Shard> ShardsOf(IActivity activity, DatasetSnapshot dataset) =>
        activity.Scope == ActivityScope.WholeSet ? [Shard.All] : dataset.Shards;

    private IReadOnlyList<(string, Task<Outcome>)> Upstream(WorkflowDefinition workflow, StageDefinition stage, IActivity activity,
        Shard shard, DatasetSnapshot dataset, Dictionary<(string, Shard), Task<Outcome>> tasks)
    {
        var result = new List<(string, Task<Outcome>)>();
        var needs = stage.Needs.Count == 0 ? [WorkflowLoader.DatasetStage] : stage.Needs;
        foreach (var need in needs)
        {
            if (need == WorkflowLoader.DatasetStage)
            {
                foreach (var s in shard.IsAll ? dataset.Shards : [shard])
                    result.Add((need, Task.FromResult(Source(dataset, s, includeTruth: false))));
                continue;
            }
            var upstreamActivity = registry.Get(workflow.Stage(need).Uses);
            if (upstreamActivity.Scope == ActivityScope.WholeSet) result.Add((need, tasks[(need, Shard.All)]));
            else foreach (var s in shard.IsAll ? dataset.Shards : [shard]) result.Add((need, tasks[(need, s)]));
        }
        if (activity.ReadsGroundTruth)
            foreach (var s in shard.IsAll ? dataset.Shards : [shard])
                result.Add(("(ground truth)", Task.FromResult(Source(dataset, s, includeTruth: true, onlyTruth: true))));
        return result;
    }

    private static Outcome Source(DatasetSnapshot dataset, Shard shard, bool includeTruth, bool onlyTruth = false) =>
        new(ShardStatus.Cached, dataset.Sources[shard]
            .Where(a => onlyTruth ? a.Port == DatasetSnapshot.TruthPort : includeTruth || a.Port != DatasetSnapshot.TruthPort)
            .Select(a => new InputArtifact(WorkflowLoader.DatasetStage, shard.ToString(), a.Port, a.Digest, a.MediaType)).ToList());

    private static HashSet<string> ForcedStages(WorkflowDefinition workflow, RunSettings settings)
    {
        if (settings.Force is null) return [];
        if (settings.Force.Count == 0) return workflow.Stages.Select(s => s.Name).ToHashSet();
        var unknown = settings.Force.Where(f => workflow.Stages.All(s => s.Name != f)).ToList();
        if (unknown.Count > 0)
            throw AsdException.BadInput($"--force names no stage: {string.Join(", ", unknown)} (stages: {string.Join(", ", workflow.Stages.Select(s => s.Name))})");
        var forced = settings.Force.ToHashSet();
        if (settings.Downstream)
            foreach (var stage in workflow.TopologicalOrder())
                if (stage.Needs.Any(forced.Contains)) forced.Add(stage.Name);
        return forced;
    }

    private static IReadOnlyList<ShardEvent> OrderEvents(WorkflowDefinition workflow, IEnumerable<ShardEvent> events)
    {
        var rank = workflow.TopologicalOrder().Select((s, i) => (s.Name, i)).ToDictionary(p => p.Name, p => p.i);
        return events.OrderBy(e => rank[e.Stage]).ThenBy(e => e.Shard, StringComparer.Ordinal).ToList();
    }
}

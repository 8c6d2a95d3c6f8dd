using Stopwatch = System.Diagnostics.Stopwatch;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Core.Engine;

/// <summary>
/// Runs a workflow's stage shards as a DAG: each shard starts once its upstream shards are done, at most
/// <see cref="RunSettings.Jobs"/> execute at once, and a shard whose cache key has a recorded execution
/// with all outputs present is not executed (cached). Identical outputs after a re-execution keep
/// downstream keys unchanged, which gives early cutoff for free. Each stage's <see cref="StageIdentity"/> is
/// resolved once at the start; each shard then goes through named steps: <c>TryCached</c>, <c>Plan</c> (dry
/// run) or <c>ExecuteAsync</c>, over the run's shared <see cref="RunContext"/>. With a team cache
/// (<paramref name="remote"/>), a local miss at <c>TryCached</c> asks the remote, an execution's memo asks it
/// clip by clip (<see cref="RemoteClipMemo"/>), and an executed shard's outputs, memo entries and record are
/// uploaded in that order (a shard found in the local cache too, when the remote lacks it); the pass ends once
/// its uploads have.
/// </summary>
public sealed class WorkflowRunner(ActivityRegistry registry, IArtifactStore store, IRunIndex index, IShardExecutor executor, IRemoteCache? remote = null)
{
    private readonly CacheHitCheck _hits = new(store);

    /// <summary>Runs the workflow; a pass in which a shard read a corrupt object is run again (<see cref="CorruptionRetry"/>).</summary>
    public async Task<RunSummary> RunAsync(WorkflowDefinition workflow, DatasetSnapshot dataset, RunSettings settings,
        IRunObserver observer, CancellationToken cancellationToken = default)
    {
        var identities = workflow.Stages.ToDictionary(s => s.Name, s => StageIdentity.Of(registry.Get(s.Uses), s.TypedOptions, s.Needs));
        var summary = await CorruptionRetry.RunAsync(_hits, observer, o => RunPassAsync(workflow, dataset, settings, identities, o, cancellationToken));
        if (!settings.DryRun) // one run record per run, however many healing passes it took
            index.RecordRun(new RunRecord(
                Guid.NewGuid().ToString("N"), workflow.Name,
                summary.Events.Where(e => e.Key is not null && e.Status is ShardStatus.Ran or ShardStatus.Cached).Select(e => e.Key!).ToList(),
                summary.Ran, summary.Cached, summary.Failed));
        return summary;
    }

    private async Task<RunSummary> RunPassAsync(WorkflowDefinition workflow, DatasetSnapshot dataset, RunSettings settings,
        IReadOnlyDictionary<string, StageIdentity> identities, IRunObserver observer, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(Math.Max(1, settings.Jobs));
        var run = new RunContext(workflow, dataset, settings, observer, ForcedStages(workflow, settings), identities, gate, cancellationToken);
        var tasks = new Dictionary<(string, Shard), Task<ShardOutcome>>();
        foreach (var stage in workflow.TopologicalOrder())
        {
            var activity = registry.Get(stage.Uses);
            foreach (var shard in ShardsOf(activity, dataset))
            {
                var work = new ShardWork(stage, activity, shard, Upstream(workflow, stage, activity, shard, dataset, tasks));
                tasks[(stage.Name, shard)] = Task.Run(() => RunShardAsync(run, work), cancellationToken);
            }
        }
        try
        {
            await Task.WhenAll(tasks.Values);
            await Task.WhenAll(run.Uploads); // uploads never throw: a failing remote turns itself off with one notice
        }
        catch (OperationCanceledException) when (!settings.DryRun) // interrupted: keep the states of the shards that finished
        {
            index.SaveStageStates(run.States);
            throw;
        }
        if (!settings.DryRun) index.SaveStageStates(run.States);
        var ordered = OrderEvents(workflow, run.Events);
        return new RunSummary(ordered, run.Notes.ToList()) { Identities = identities };
    }

    /// <summary>Waits for upstream, computes the key, then: cached, planned (dry run), or executed.</summary>
    private async Task<ShardOutcome> RunShardAsync(RunContext run, ShardWork work)
    {
        var done = await Task.WhenAll(work.Upstream.Select(u => u.Task));
        var blocked = work.Upstream.Zip(done).FirstOrDefault(p => p.Second.Status is ShardStatus.Failed or ShardStatus.Skipped or ShardStatus.WouldRun);
        if (blocked.First.Task is not null)
        {
            var status = blocked.Second.Status == ShardStatus.WouldRun ? ShardStatus.WouldRun : ShardStatus.Skipped;
            var why = status == ShardStatus.WouldRun ? $"upstream stage '{blocked.First.Need}' would run" : $"upstream stage '{blocked.First.Need}' did not finish";
            return run.Finish(new ShardEvent(work.Stage.Name, work.ShardName, status, null, 0, null, [why]), []);
        }
        var inputs = done.SelectMany(o => o.Outputs).ToList();
        var (key, document) = run.Identities[work.Stage.Name].ForShard(work.Shard, inputs);
        var shard = new KeyedShard(work, inputs, key, document, new StageState(run.Workflow.Name, work.Stage.Name, work.ShardName, key.ToString(), document));
        return await TryCachedAsync(run, shard) ?? (run.Settings.DryRun ? Plan(run, shard) : await ExecuteAsync(run, shard));
    }

    /// <summary>
    /// The recorded execution of this key, when it exists and all its outputs are in the store, else the team
    /// cache's (fetched, verified and stored locally first); null otherwise.
    /// </summary>
    private async Task<ShardOutcome?> TryCachedAsync(RunContext run, KeyedShard shard)
    {
        if (run.Forced.Contains(shard.Work.Stage.Name)) return null;
        ExecutionRecord? cached;
        if (index.FindExecution(shard.Key) is { } local && _hits.IsUsable(local))
        {
            cached = local;
            if (remote is { Uploads: true } && !run.Settings.DryRun) run.Uploads.Enqueue(remote.ShareCachedAsync(local, run.Cancellation)); // seeds a remote that lacks it
        }
        else cached = await FetchRemoteAsync(run, shard);
        if (cached is null) return null;
        run.States.Enqueue(shard.State);
        return run.Finish(Event(shard, ShardStatus.Cached, 0) with { Inputs = shard.Inputs }, ToInputs(shard.Work, cached.Outputs));
    }

    /// <summary>A local miss asks the team cache (not in a dry run, which changes nothing); a hit is recorded locally.</summary>
    private async Task<ExecutionRecord?> FetchRemoteAsync(RunContext run, KeyedShard shard)
    {
        if (remote is null || run.Settings.DryRun) return null;
        if (await remote.FetchExecutionAsync(shard.Key, run.Cancellation) is not { } record) return null;
        index.RecordExecution(record, store.Put(RecordDigest.Bytes(record)));
        return _hits.IsUsable(record) ? record : null;
    }

    /// <summary>Dry run: says that the shard would run and why (the key document's difference from the last one).</summary>
    private ShardOutcome Plan(RunContext run, KeyedShard shard)
    {
        var work = shard.Work;
        var previous = index.FindStageState(run.Workflow.Name, work.Stage.Name, work.ShardName);
        IReadOnlyList<string> reasons = run.Forced.Contains(work.Stage.Name) ? ["forced"]
            : previous is null ? ["never run"] : KeyDiff.Explain(previous.KeyDocument, shard.Document);
        return run.Finish(Event(shard, ShardStatus.WouldRun, 0) with { Reasons = reasons }, []);
    }

    /// <summary>Executes the activity, checks its outputs are stored and records the execution; a failure keeps its error code.</summary>
    private async Task<ShardOutcome> ExecuteAsync(RunContext run, KeyedShard shard)
    {
        var (work, inputs) = (shard.Work, shard.Inputs);
        await run.Gate.WaitAsync(run.Cancellation);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            run.Observer.ShardStarted(work.Stage.Name, work.ShardName);
            var memo = remote is null ? null : new RemoteClipMemo(index, remote);
            var counted = new CountingClipMemo(memo ?? (IClipMemo)index);
            var context = new ActivityContext
            {
                StageName = work.Stage.Name, Shard = work.Shard, Options = work.Stage.TypedOptions, Inputs = inputs, Store = store,
                Memo = counted, DatasetRoot = run.Dataset.Root, OnBadClip = run.Workflow.OnBadClip, Identity = run.Identities[work.Stage.Name],
                Notice = line => { if (run.FirstNotice(line)) { run.Notes.Enqueue(line); run.Observer.Notice(line); } },
                Clips = new ClipProgress((done, total) => run.Observer.ShardProgress(work.Stage.Name, work.ShardName, done, total)),
                Peers = Peers(run, work.Stage),
            };
            var result = await executor.ExecuteAsync(new ShardExecution(work.Activity, context, work.Stage, shard.Key, shard.Document), run.Cancellation);
            index.CommitMemo();
            var missing = result.Outputs.Where(o => !store.Exists(o.Digest)).Select(o => o.Port).ToList();
            if (missing.Count > 0)
                throw new InvalidOperationException($"outputs not in the store: {string.Join(", ", missing)}");
            var record = new ExecutionRecord(shard.Key.ToString(), shard.Document, work.Activity.Kind, work.Activity.Version, work.Stage.Name, work.ShardName,
                inputs.Select(i => new RecordedInput(i.Ref, i.Digest.ToString(), i.MediaType)).ToList(),
                result.Outputs.Select(o => new RecordedOutput(o.Port, o.Digest.ToString(), o.MediaType, o.DerivedFrom)).ToList(),
                context.Identity.Environment, result.Notes, stopwatch.ElapsedMilliseconds);
            index.RecordExecution(record, store.Put(RecordDigest.Bytes(record)));
            if (remote is { Uploads: true }) run.Uploads.Enqueue(remote.UploadAsync(record, memo!.Puts, run.Cancellation));
            run.States.Enqueue(shard.State);
            foreach (var note in result.Notes) run.Notes.Enqueue($"{work.Stage.Name}/{work.ShardName}: {note}");
            return run.Finish(Event(shard, ShardStatus.Ran, stopwatch.ElapsedMilliseconds) with { Inputs = inputs, Memo = counted.Use() }, ToInputs(work, record.Outputs));
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !DiskFull.Is(ex)) // a full disk stops the run: one line, not a failure per shard
        {
            var (code, message) = ex is AsdException asd ? (asd.Code, asd.Message) : (ErrorCode.Internal, $"{ex.GetType().Name}: {ex.Message}");
            return run.Finish(Event(shard, ShardStatus.Failed, stopwatch.ElapsedMilliseconds) with { Error = message, Code = code }, []);
        }
        finally
        {
            run.Gate.Release();
        }
    }

    /// <summary>The run's other stages with the same activity and the same needs (see <see cref="ActivityContext.Peers"/>).</summary>
    private static IReadOnlyList<PeerStage> Peers(RunContext run, StageDefinition stage) =>
        run.Workflow.Stages.Where(s => s.Name != stage.Name && s.Uses == stage.Uses && s.Needs.SequenceEqual(stage.Needs))
            .Select(s => new PeerStage(s.Name, s.TypedOptions, run.Identities[s.Name])).ToList();

    private static ShardEvent Event(KeyedShard shard, ShardStatus status, long milliseconds) =>
        new(shard.Work.Stage.Name, shard.Work.ShardName, status, shard.Key.ToString(), milliseconds, null, []);

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

    private static List<InputArtifact> ToInputs(ShardWork work, IEnumerable<RecordedOutput> outputs) =>
        outputs.Select(o => new InputArtifact(work.Stage.Name, work.ShardName, o.Port, Hashing.Digest.Parse(o.Digest), o.MediaType)).ToList();

    private static IReadOnlyList<Shard> ShardsOf(IActivity activity, DatasetSnapshot dataset) =>
        activity.Scope == ActivityScope.WholeSet ? [Shard.All] : dataset.Shards;

    private IReadOnlyList<(string, Task<ShardOutcome>)> Upstream(WorkflowDefinition workflow, StageDefinition stage, IActivity activity,
        Shard shard, DatasetSnapshot dataset, Dictionary<(string, Shard), Task<ShardOutcome>> tasks)
    {
        var result = new List<(string, Task<ShardOutcome>)>();
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

    private static ShardOutcome Source(DatasetSnapshot dataset, Shard shard, bool includeTruth, bool onlyTruth = false) =>
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

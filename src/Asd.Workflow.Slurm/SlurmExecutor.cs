using System.Diagnostics;
using System.Runtime.InteropServices;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Core.Paths;
using Asd.Workflow.Slurm.Jobs;
using Asd.Workflow.Slurm.Worker;

namespace Asd.Workflow.Slurm;

/// <summary>
/// Runs each shard the runner hands it as a Slurm job (or a share of one: <c>batch</c>) over the shared store.
/// The runner keeps the DAG, the cache check and the index; this class writes a request file per shard,
/// submits a batch script that runs <c>asd exec-shard</c>, follows the jobs with squeue (at most
/// <see cref="SlurmSettings.MaxJobs"/> in flight) and hands back each shard's result file. A job that ends
/// without a result (failed, timed out, cancelled, node failure) fails its shards with the job id and the tail
/// of its log; with <see cref="SlurmSettings.FailFast"/> the first failure cancels every other job of the run.
/// Disposing (the run ended, Ctrl-C, an exception) cancels every job still in flight; a coordinator killed
/// outright leaves its run folder, and the next <c>asd run</c> cancels those jobs (<see cref="RunFolder.SweepOrphansAsync"/>).
/// </summary>
public sealed class SlurmExecutor : IShardExecutor, IAsyncDisposable
{
    private static readonly TimeSpan ResultPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MinPoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(200);
    private const int LogTailLines = 8;

    private readonly SlurmSettings _settings;
    private readonly ISlurmCommands _slurm;
    private readonly string _storeRoot;
    private readonly IReadOnlyList<string> _command;
    private readonly RunFolder _folder;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Job> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Pending>> _batches = new(StringComparer.Ordinal);
    private readonly Task _tracker;
    private readonly PosixSignalRegistration[] _signals;
    private int _requests, _jobs;
    private string? _failure;

    private SlurmExecutor(SlurmSettings settings, ISlurmCommands slurm, string storeRoot, IReadOnlyList<string> command)
    {
        _settings = settings;
        _slurm = slurm;
        _storeRoot = Path.GetFullPath(storeRoot);
        _command = command;
        _folder = RunFolder.Create(_storeRoot);
        _slots = new SemaphoreSlim(settings.MaxJobs);
        _tracker = Task.Run(TrackAsync);
        AppDomain.CurrentDomain.ProcessExit += CancelOnExit;
        // Ctrl-C, kill (TERM) or a closed terminal end the process without unwinding; cancel the jobs first.
        _signals = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(s => PosixSignalRegistration.Create(s, OnSignal))];
    }

    /// <summary>The job-name prefix of this run's jobs.</summary>
    public string JobPrefix => _folder.JobPrefix;

    /// <summary>Jobs submitted so far.</summary>
    public int JobsSubmitted => Volatile.Read(ref _jobs);

    /// <summary>
    /// Checks the Slurm commands are there and starts an executor whose jobs run <paramref name="command"/>
    /// (program and arguments before <c>exec-shard</c>; the settings' command when given).
    /// </summary>
    public static async Task<SlurmExecutor> StartAsync(SlurmSettings settings, ISlurmCommands slurm, string storeRoot,
        IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        await slurm.CheckAvailableAsync(cancellationToken);
        return new SlurmExecutor(settings, slurm, storeRoot, settings.Command.Count > 0 ? settings.Command : command);
    }

    public async Task<ActivityResult> ExecuteAsync(ShardExecution shard, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _requests);
        var resultFile = _folder.File($"{n}.result.json");
        var context = shard.Context;
        var request = new ShardRequest(context.StageName, shard.Activity.Kind, shard.Stage.Options, shard.Stage.Needs, context.Shard.ToString(),
            context.Inputs.Select(i => new RequestInput(i.Stage, i.Shard, i.Port, i.Digest.ToString(), i.MediaType)).ToList(),
            context.DatasetRoot is null ? null : Path.GetFullPath(context.DatasetRoot), context.OnBadClip,
            shard.CacheKey.ToString(), shard.KeyDocument, resultFile, MemoSnapshot.Write(_folder.File($"{n}.memo.json"), shard.Activity, context));
        var requestFile = _folder.File($"{n}.request.json");
        AtomicFile.Write(requestFile, CanonicalJson.Serialize(request));
        var pending = new Pending(shard, requestFile, resultFile);
        using (cancellationToken.Register(() => pending.Done.TrySetCanceled(cancellationToken)))
        {
            Enqueue(pending);
            var (result, job) = await pending.Done.Task;
            foreach (var entry in result.Memo) // the index gets only entries whose object the job stored, as a local run's memo
                if (Digest.Parse(entry.Value) is var value && context.Store.Exists(value)) context.Memo.Put(Digest.Parse(entry.Key), value);
            foreach (var line in result.Notices) context.Notice(line);
            if (!result.Succeeded)
                throw new AsdException(Enum.TryParse<ErrorCode>(result.ErrorCode, out var code) ? code : ErrorCode.Internal,
                    $"{result.Error} (slurm job {job} on {result.Node})");
            return new ActivityResult(
                result.Outputs.Select(o => new OutputArtifact(o.Port, Digest.Parse(o.Digest), o.MediaType, o.DerivedFrom)).ToList(), result.Notes);
        }
    }

    private void Enqueue(Pending pending)
    {
        var size = pending.Shard.Stage.Resources.Batch > 1 ? pending.Shard.Stage.Resources.Batch : _settings.Batch;
        if (size <= 1) { _ = SubmitAsync([pending]); return; }
        List<Pending>? full = null, started = null;
        lock (_lock)
        {
            var stage = pending.Shard.Stage.Name;
            if (!_batches.TryGetValue(stage, out var batch)) _batches[stage] = started = batch = [];
            batch.Add(pending);
            if (batch.Count >= size) { full = batch; _batches.Remove(stage); }
        }
        if (full is not null) _ = SubmitAsync(full);
        else if (started is not null) _ = FlushLaterAsync(pending.Shard.Stage.Name, started);
    }

    // Shards of a stage become ready together; a batch that is not full after a short window goes as it is.
    private async Task FlushLaterAsync(string stage, List<Pending> batch)
    {
        await Task.Delay(BatchWindow);
        lock (_lock)
        {
            if (!_batches.TryGetValue(stage, out var current) || !ReferenceEquals(current, batch)) return;
            _batches.Remove(stage);
        }
        await SubmitAsync(batch);
    }

    private async Task SubmitAsync(IReadOnlyList<Pending> shards)
    {
        var slot = false;
        try
        {
            await _slots.WaitAsync(_stop.Token);
            slot = true;
            if (Volatile.Read(ref _failure) is { } failure) throw AsdException.Failed($"not submitted: {failure}");
            var n = Interlocked.Increment(ref _jobs);
            var first = shards[0].Shard;
            var script = JobScript.Build($"{_folder.JobPrefix}{n}", _folder.File("job-%j.log"), first.Stage.Resources,
                first.Activity.WantsGpu(first.Context.Options), _settings, _command, _storeRoot, shards.Select(s => s.RequestFile).ToList(),
                shards.Select(s => $"{s.Shard.Stage.Name}/{s.Shard.Context.Shard}").ToList());
            var scriptFile = _folder.File($"job-{n}.sh");
            AtomicFile.Write(scriptFile, System.Text.Encoding.UTF8.GetBytes(script));
            var id = await _slurm.SubmitAsync(scriptFile, _stop.Token);
            lock (_lock) _active[id] = new Job(id, shards, _folder.File($"job-{id}.log"));
            slot = false; // released when the job is finished
        }
        catch (Exception ex)
        {
            if (slot) _slots.Release();
            var error = ex as AsdException ?? AsdException.Failed(ex is OperationCanceledException ? "not submitted: the run was stopped" : $"sbatch: {ex.Message}");
            foreach (var pending in shards) pending.Done.TrySetException(error);
        }
    }

    /// <summary>Picks up result files as soon as they appear, and asks squeue about the jobs with a growing interval.</summary>
    private async Task TrackAsync()
    {
        var poll = MinPoll;
        var lastQuery = Stopwatch.StartNew();
        while (!_stop.IsCancellationRequested)
        {
            try { await Task.Delay(ResultPoll, _stop.Token); }
            catch (OperationCanceledException) { return; }
            List<Job> jobs;
            lock (_lock) jobs = _active.Values.ToList();
            foreach (var job in jobs)
                foreach (var pending in job.Shards.Where(p => !p.Done.Task.IsCompleted && File.Exists(p.ResultFile)))
                {
                    Complete(pending, job.Id);
                    poll = MinPoll; // its job is about to end: ask soon, to free the slot
                }
            if (jobs.Count == 0 || lastQuery.Elapsed < poll) continue;
            lastQuery.Restart();
            IReadOnlyDictionary<string, JobState> states;
            try { states = await _slurm.QueryAsync(jobs.Select(j => j.Id).ToList(), _stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (Exception) { continue; } // a busy controller: ask again next time
            var changed = false;
            foreach (var job in jobs)
            {
                var state = states.GetValueOrDefault(job.Id);
                if (state is not null && !state.IsFinished) continue;
                await FinishAsync(job, state);
                changed = true;
            }
            poll = changed ? MinPoll : TimeSpan.FromTicks(Math.Min(_settings.MaxPoll.Ticks, (long)(poll.Ticks * 1.5)));
        }
    }

    private async Task FinishAsync(Job job, JobState? state)
    {
        lock (_lock) _active.Remove(job.Id);
        _slots.Release();
        var failed = false;
        foreach (var pending in job.Shards.Where(p => !p.Done.Task.IsCompleted))
        {
            if (File.Exists(pending.ResultFile)) { Complete(pending, job.Id); continue; }
            failed = true;
            var how = state is null ? "left the queue (no longer listed by squeue or scontrol)" : $"ended {state.State}";
            var why = Volatile.Read(ref _failure) is { } failure && state?.State == "CANCELLED" ? $" because {failure}" : "";
            var reason = state is null || state.Reason is "" or "None" ? "" : $" (Slurm's reason: {state.Reason})";
            pending.Done.TrySetException(AsdException.Failed(
                $"slurm job {job.Id} {how}{why} without a result for {pending.Shard.Stage.Name}/{pending.Shard.Context.Shard}{reason}; {LogTail(job.Log)}"));
        }
        if (failed) await FailRunAsync($"slurm job {job.Id} ({job.Shards[0].Shard.Stage.Name}) failed");
    }

    private void Complete(Pending pending, string jobId)
    {
        ShardResult result;
        try { result = JsonDefaults.Deserialize<ShardResult>(File.ReadAllBytes(pending.ResultFile)); }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException or InvalidDataException)
        {
            pending.Done.TrySetException(AsdException.Failed($"slurm job {jobId}: unreadable result {pending.ResultFile}: {ex.Message}"));
            return;
        }
        if (result.CacheKey != pending.Shard.CacheKey.ToString())
            pending.Done.TrySetException(AsdException.Failed($"slurm job {jobId}: result {pending.ResultFile} is for key {result.CacheKey}, not {pending.Shard.CacheKey}"));
        else if (pending.Done.TrySetResult((result, jobId)) && !result.Succeeded)
            _ = FailRunAsync($"{pending.Shard.Stage.Name}/{pending.Shard.Context.Shard} failed (slurm job {jobId})");
    }

    /// <summary>The first failure of the run: no more jobs are submitted and (fail-fast) the others are cancelled.</summary>
    private async Task FailRunAsync(string reason)
    {
        if (!_settings.FailFast || Interlocked.CompareExchange(ref _failure, $"the run failed: {reason}", null) is not null) return;
        List<string> ids;
        lock (_lock) ids = _active.Keys.ToList();
        if (ids.Count > 0) await _slurm.CancelAsync(ids);
    }

    private static string LogTail(string log)
    {
        if (!File.Exists(log)) return $"no log at {log}";
        var lines = File.ReadLines(log).TakeLast(LogTailLines).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        return lines.Count == 0 ? $"log {log} is empty" : $"log {log} ends: {string.Join(" | ", lines)}";
    }

    /// <summary>Cancels every job still in flight (the run ended early, Ctrl-C) and removes the run folder unless a job failed.</summary>
    public async ValueTask DisposeAsync()
    {
        // A job whose shards all returned results is only exiting: let it end on its own (bounded) rather than cancel it.
        for (var waited = 0; waited < 100 && JobsExiting(); waited++) await Task.Delay(ResultPoll);
        await _stop.CancelAsync();
        try { await _tracker; } catch (OperationCanceledException) { }
        List<Job> left;
        lock (_lock) left = _active.Values.ToList();
        if (left.Count > 0) await _slurm.CancelAsync(left.Select(j => j.Id).ToList());
        lock (_lock) _active.Clear();
        // Unregistered only now: should the process end while this runs (Ctrl-C's grace period is short), the handler cancels.
        AppDomain.CurrentDomain.ProcessExit -= CancelOnExit;
        foreach (var registration in _signals) registration.Dispose();
        foreach (var pending in left.SelectMany(j => j.Shards)) pending.Done.TrySetCanceled();
        if (_failure is null && left.Count == 0)
        {
            try { Directory.Delete(_folder.Path, recursive: true); }
            catch (IOException) { } // the next run's sweep removes it
        }
        _stop.Dispose();
    }

    private bool JobsExiting()
    {
        lock (_lock) return _active.Count > 0 && _active.Values.All(j => j.Shards.All(p => p.Done.Task.IsCompleted));
    }

    private void OnSignal(PosixSignalContext context)
    {
        Interlocked.CompareExchange(ref _failure, $"the run was interrupted ({context.Signal})", null); // nothing more is submitted
        CancelOnExit(null, EventArgs.Empty); // context.Cancel stays false: the process then ends as the signal asks
    }

    // The end of the process without DisposeAsync: cancel what is in flight, synchronously.
    private void CancelOnExit(object? sender, EventArgs e)
    {
        List<string> ids;
        lock (_lock) ids = _active.Keys.ToList();
        if (ids.Count > 0) _slurm.CancelAsync(ids).Wait(TimeSpan.FromSeconds(5));
    }

    private sealed record Pending(ShardExecution Shard, string RequestFile, string ResultFile)
    {
        public TaskCompletionSource<(ShardResult Result, string Job)> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Job(string Id, IReadOnlyList<Pending> Shards, string Log);
}

using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Slurm.Jobs;
using Asd.Workflow.Slurm.Worker;

namespace Asd.Workflow.Slurm.Tests;

/// <summary>Adds <c>add</c> to the number in its input (port value or train), and memoises one entry per shard.</summary>
public sealed class AddActivity : Activity<AddOptions>
{
    public override string Kind => "add";
    public override int Version => 1;

    private int _computed;

    /// <summary>Memo entries computed (a memo hit computes none), by every executor and job of a test.</summary>
    public int Computed => Volatile.Read(ref _computed);

    /// <summary>One memo entry per shard: the key looked up, from the stage identity.</summary>
    public override IEnumerable<Core.Hashing.Digest> MemoKeys(ActivityContext context) => [Key(context)];

    private static Core.Hashing.Digest Key(ActivityContext context) => context.MemoKey("0000", context.Shard.ToString());

    public override bool WantsGpu(object options) => ((AddOptions)options).Device.StartsWith("cuda", StringComparison.Ordinal);

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, AddOptions options, CancellationToken ct)
    {
        if (options.Fail) throw Core.Errors.AsdException.Failed("asked to fail");
        var sum = context.Inputs.Where(i => i.Port is "value" or "train").Sum(i => int.Parse(Encoding.UTF8.GetString(context.Read(i))));
        var key = Key(context);
        if (!context.Memo.TryGet(key, out var cached) || !context.Store.TryReadVerified(cached, out _))
        {
            Interlocked.Increment(ref _computed);
            context.Memo.Put(key, context.Store.Put(Encoding.UTF8.GetBytes("memo")));
        }
        return Task.FromResult(ActivityResult.Of(new OutputArtifact("value", context.Store.Put(Encoding.UTF8.GetBytes((sum + options.Add).ToString())), MediaTypes.Json, [])));
    }
}

public sealed record AddOptions
{
    public int Add { get; init; }
    public string Device { get; init; } = "cpu";
    public bool Fail { get; init; }
}

/// <summary>
/// A Slurm stand-in: a submitted script's requests run in-process through <see cref="ShardWorker"/> against the
/// same (in-memory, "shared") store, and the job is then COMPLETED; jobs of stages in <see cref="Hold"/> never run.
/// </summary>
public sealed partial class FakeCluster(ActivityRegistry registry, IArtifactStore store) : ISlurmCommands
{
    private readonly ConcurrentDictionary<string, JobState> _jobs = new();
    private int _next;

    public ConcurrentQueue<string> Scripts { get; } = new();
    public ConcurrentQueue<string> Cancelled { get; } = new();
    public HashSet<string> Hold { get; } = [];

    public Task CheckAvailableAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string> SubmitAsync(string scriptPath, CancellationToken cancellationToken)
    {
        var script = File.ReadAllText(scriptPath);
        Scripts.Enqueue(script);
        var id = Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _jobs[id] = new JobState("RUNNING", "None");
        var requests = RequestPattern().Matches(script).Select(m => m.Groups[1].Value).ToList();
        if (!Hold.Any(stage => script.Contains($"ASD_SHARDS={stage}/", StringComparison.Ordinal) || script.Contains($"ASD_SHARDS='{stage}/", StringComparison.Ordinal)))
            _ = Task.Run(async () =>
            {
                var worker = new ShardWorker(registry, store);
                foreach (var request in requests) await worker.RunAsync(request, CancellationToken.None);
                _jobs[id] = new JobState("COMPLETED", "None");
            });
        return Task.FromResult(id);
    }

    public Task<IReadOnlyDictionary<string, JobState>> QueryAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, JobState>>(jobIds.Where(_jobs.ContainsKey).ToDictionary(id => id, id => _jobs[id]));

    public Task<IReadOnlyList<(string Id, string Name)>> ListMineAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<(string, string)>>([]);

    public Task CancelAsync(IReadOnlyCollection<string> jobIds)
    {
        foreach (var id in jobIds) { Cancelled.Enqueue(id); _jobs[id] = new JobState("CANCELLED", "None"); }
        return Task.CompletedTask;
    }

    [GeneratedRegex(@"'?([^'\s]+\.request\.json)'?(?=\s|$)")] // a shell word, bare or quoted (ShellWord.Quote)
    private static partial Regex RequestPattern();
}

/// <summary>Two shards' data set over an in-memory store.</summary>
public sealed class Engine
{
    public InMemoryArtifactStore Store { get; } = new();
    public InMemoryRunIndex Index { get; } = new();
    public AddActivity Add { get; } = new();
    public ActivityRegistry Registry { get; }
    public DatasetSnapshot Dataset { get; }

    public Engine(int shards)
    {
        Registry = new ActivityRegistry([Add]);
        var list = Enumerable.Range(0, shards).Select(i => new Shard($"m{i}", "00")).ToList();
        Dataset = new DatasetSnapshot("/data", list, list.Select((s, i) => (s, (IReadOnlyList<SourceArtifact>)[
            new SourceArtifact("train", Store.Put(Encoding.UTF8.GetBytes((i * 10).ToString(System.Globalization.CultureInfo.InvariantCulture))), MediaTypes.Json)]))
            .ToDictionary(p => p.s, p => p.Item2), Store.Put("inventory"u8));
    }

    public WorkflowDefinition Load(string yaml) => new WorkflowLoader(Registry).Load(yaml, "wf.yaml", new Dictionary<string, string>());
}

internal sealed class NullObserver : IRunObserver
{
    public void ShardStarted(string stage, string shard) { }
    public void ShardFinished(ShardEvent e) { }
    public void Notice(string line) { }
}

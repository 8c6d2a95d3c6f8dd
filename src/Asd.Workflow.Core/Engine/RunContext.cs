using System.Collections.Concurrent;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Definitions;

namespace Asd.Workflow.Core.Engine;

/// <summary>
/// What every shard of one run shares (a small version of Elsa's workflow execution context): the workflow,
/// the data set, the settings, each stage's identity resolved once at the start, and where results go.
/// </summary>
internal sealed record RunContext(
    WorkflowDefinition Workflow,
    DatasetSnapshot Dataset,
    RunSettings Settings,
    IRunObserver Observer,
    IReadOnlySet<string> Forced,
    IReadOnlyDictionary<string, StageIdentity> Identities,
    SemaphoreSlim Gate,
    CancellationToken Cancellation)
{
    public ConcurrentQueue<ShardEvent> Events { get; } = new();
    public ConcurrentQueue<string> Notes { get; } = new();
    public ConcurrentQueue<StageState> States { get; } = new();
    private readonly ConcurrentDictionary<string, byte> _notices = new(StringComparer.Ordinal);

    /// <summary>True the first time a notice line comes up in this run: the same line from many shards is shown once.</summary>
    public bool FirstNotice(string line) => _notices.TryAdd(line, 0);

    /// <summary>Records a shard's event, tells the observer, and hands its outputs downstream.</summary>
    public ShardOutcome Finish(ShardEvent e, IReadOnlyList<InputArtifact> outputs)
    {
        Events.Enqueue(e);
        Observer.ShardFinished(e);
        return new ShardOutcome(e.Status, outputs);
    }
}

/// <summary>One stage shard of a run: its stage, activity, shard and the upstream shards it waits for.</summary>
internal sealed record ShardWork(StageDefinition Stage, IActivity Activity, Shard Shard, IReadOnlyList<(string Need, Task<ShardOutcome> Task)> Upstream)
{
    public string ShardName => Shard.ToString();
}

/// <summary>A finished shard as downstream shards see it.</summary>
internal sealed record ShardOutcome(ShardStatus Status, IReadOnlyList<InputArtifact> Outputs);

/// <summary>A shard whose upstream is done: its inputs and its cache key.</summary>
internal sealed record KeyedShard(ShardWork Work, IReadOnlyList<InputArtifact> Inputs, Hashing.Digest Key, string Document, StageState State);

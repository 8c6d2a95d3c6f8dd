using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Contracts;

/// <summary>
/// Runs one stage shard's activity. The in-process executor is the default; a cluster executor (a job per
/// shard or per batch of shards, src/Asd.Workflow.Slurm) implements the same contract. Either way the runner
/// keeps the DAG, the cache check and the index: an executor only turns a shard into outputs in the store.
/// </summary>
public interface IShardExecutor
{
    Task<ActivityResult> ExecuteAsync(ShardExecution shard, CancellationToken cancellationToken);
}

/// <summary>
/// One shard to execute: the activity and its context, the stage it belongs to (options as resolved JSON,
/// needs, resources) and the cache key (with the document it hashes) the runner computed, which a remote worker recomputes and must match.
/// </summary>
public sealed record ShardExecution(IActivity Activity, ActivityContext Context, StageDefinition Stage, Digest CacheKey, string KeyDocument);

public sealed class InProcessExecutor : IShardExecutor
{
    public Task<ActivityResult> ExecuteAsync(ShardExecution shard, CancellationToken cancellationToken) =>
        shard.Activity.ExecuteAsync(shard.Context, cancellationToken);
}

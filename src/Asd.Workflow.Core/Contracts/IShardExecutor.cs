using Asd.Workflow.Core.Activities;

namespace Asd.Workflow.Core.Contracts;

/// <summary>
/// Runs one stage shard's activity. The in-process executor is the default; a cluster executor (one job per
/// shard) implements the same contract.
/// </summary>
public interface IShardExecutor
{
    Task<ActivityResult> ExecuteAsync(IActivity activity, ActivityContext context, CancellationToken cancellationToken);
}

public sealed class InProcessExecutor : IShardExecutor
{
    public Task<ActivityResult> ExecuteAsync(IActivity activity, ActivityContext context, CancellationToken cancellationToken) =>
        activity.ExecuteAsync(context, cancellationToken);
}

namespace Asd.Workflow.Slurm.Worker;

/// <summary>
/// What a job returns for one shard (written atomically next to the request): its outputs (objects already in
/// the store, each read back and verified), notes, notices, the per-clip memo entries it computed (the coordinator,
/// the only index writer, records them), or the error with its code. <see cref="Node"/> and
/// <see cref="Milliseconds"/> are for messages only and never reach an artifact.
/// </summary>
public sealed record ShardResult(
    string CacheKey,
    IReadOnlyList<ResultOutput> Outputs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<string> Notices,
    IReadOnlyList<MemoEntry> Memo,
    string? ErrorCode,
    string? Error,
    string Node,
    long Milliseconds)
{
    public bool Succeeded => Error is null;
}

public sealed record ResultOutput(string Port, string Digest, string MediaType, IReadOnlyList<string> DerivedFrom);

public sealed record MemoEntry(string Key, string Value);

using System.Collections.Concurrent;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Tests.Fakes;

/// <summary>What a team cache holds, shared by the members (<see cref="SharedRemoteCache"/>) of one test.</summary>
public sealed class RemoteState
{
    public ConcurrentDictionary<Digest, ExecutionRecord> Records { get; } = new();
    public ConcurrentDictionary<Digest, byte[]> Objects { get; } = new();
    public ConcurrentDictionary<Digest, Digest> Memo { get; } = new();
    public ConcurrentQueue<string> Log { get; } = new();
}

/// <summary>One member's view of an in-memory team cache: fetches copy objects into its local store, uploads log their order.</summary>
public sealed class SharedRemoteCache(RemoteState state, IArtifactStore local, bool uploads = true) : IRemoteCache
{
    public bool Uploads => uploads;
    public int Fetches;

    public Task<ExecutionRecord?> FetchExecutionAsync(Digest key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Fetches);
        if (!state.Records.TryGetValue(key, out var record)) return Task.FromResult<ExecutionRecord?>(null);
        foreach (var output in record.Outputs) local.Put(state.Objects[Digest.Parse(output.Digest)]);
        return Task.FromResult<ExecutionRecord?>(record);
    }

    public bool TryFetchMemo(Digest key, out Digest value)
    {
        state.Log.Enqueue($"memo? {key.Hex[..8]}");
        if (!state.Memo.TryGetValue(key, out value)) return false;
        local.Put(state.Objects[value]);
        return true;
    }

    public Task UploadAsync(ExecutionRecord record, IReadOnlyCollection<KeyValuePair<Digest, Digest>> memo, CancellationToken cancellationToken)
    {
        foreach (var output in record.Outputs)
        {
            var digest = Digest.Parse(output.Digest);
            state.Objects[digest] = local.ReadAll(digest);
            state.Log.Enqueue($"cas {record.Stage}/{record.Shard}");
        }
        state.Records[Digest.Parse(record.CacheKey)] = record;
        state.Log.Enqueue($"ac {record.Stage}/{record.Shard}");
        return Task.CompletedTask;
    }

    public Task ShareCachedAsync(ExecutionRecord record, CancellationToken cancellationToken)
    {
        state.Log.Enqueue($"ac? {record.Stage}/{record.Shard}");
        return state.Records.ContainsKey(Digest.Parse(record.CacheKey)) ? Task.CompletedTask : UploadAsync(record, [], cancellationToken);
    }
}

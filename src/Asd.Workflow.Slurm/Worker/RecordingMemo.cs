using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Slurm.Worker;

/// <summary>
/// The per-clip memo inside a job. The index belongs to the coordinator (one writer; LiteDB cannot be shared
/// across nodes), so the job sees the hits the coordinator resolved for its shard before submitting it
/// (<see cref="MemoSnapshot"/>) and its own entries, and returns only the entries it computed, for the
/// coordinator to record. A hit's value is an object digest: the activity reads it verified, as in a local run.
/// </summary>
internal sealed class RecordingMemo(IReadOnlyDictionary<Digest, Digest> resolved) : IClipMemo
{
    private readonly InMemoryClipMemo _computed = new();

    public bool TryGet(Digest key, out Digest value) => _computed.TryGet(key, out value) || resolved.TryGetValue(key, out value);

    public void Put(Digest key, Digest value) => _computed.Put(key, value);

    /// <summary>The entries this job computed, in key order.</summary>
    public IReadOnlyList<MemoEntry> Entries => _computed.Entries.Select(p => new MemoEntry(p.Key.ToString(), p.Value.ToString())).ToList();
}

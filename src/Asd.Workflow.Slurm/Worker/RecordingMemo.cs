using System.Collections.Concurrent;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Slurm.Worker;

/// <summary>
/// The per-clip memo inside a job: the index belongs to the coordinator (one writer; LiteDB cannot be shared
/// across nodes), so a job starts with no memo hits from earlier runs, sees its own entries, and returns them
/// all for the coordinator to record. Outputs are the same either way: a memo hit is the bytes a computation
/// under the same memo key stored.
/// </summary>
internal sealed class RecordingMemo : IClipMemo
{
    private readonly ConcurrentDictionary<Digest, Digest> _entries = new();

    public bool TryGet(Digest key, out Digest value) => _entries.TryGetValue(key, out value);

    public void Put(Digest key, Digest value) => _entries[key] = value;

    public IReadOnlyList<MemoEntry> Entries =>
        _entries.Select(p => new MemoEntry(p.Key.ToString(), p.Value.ToString())).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
}

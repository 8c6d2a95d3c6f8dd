using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Contracts;

/// <summary>
/// Per-clip memo: maps a key (clip digest, view, encoder options) to the digest of a small result object, so
/// adding one clip to a shard computes one result, not the whole shard again.
/// </summary>
public interface IClipMemo
{
    bool TryGet(Digest key, out Digest value);
    void Put(Digest key, Digest value);
}

/// <summary>
/// An in-memory memo, thread-safe: for tests, recomputation, and the entries a Slurm job computes (it hands
/// <see cref="Entries"/> back for the coordinator, the index's one writer, to record).
/// </summary>
public sealed class InMemoryClipMemo : IClipMemo
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Digest, Digest> _map = new();
    public bool TryGet(Digest key, out Digest value) => _map.TryGetValue(key, out value);
    public void Put(Digest key, Digest value) => _map[key] = value;

    /// <summary>Every entry, in ordinal order of the key's text.</summary>
    public IReadOnlyList<KeyValuePair<Digest, Digest>> Entries => _map.OrderBy(p => p.Key.ToString(), StringComparer.Ordinal).ToList();
}

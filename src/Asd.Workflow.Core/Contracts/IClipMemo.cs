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

/// <summary>An in-memory memo for tests and dry runs.</summary>
public sealed class InMemoryClipMemo : IClipMemo
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Digest, Digest> _map = new();
    public bool TryGet(Digest key, out Digest value) => _map.TryGetValue(key, out value);
    public void Put(Digest key, Digest value) => _map[key] = value;
}

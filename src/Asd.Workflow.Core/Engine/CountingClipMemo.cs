using System.Collections.Concurrent;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Engine;

/// <summary>
/// The memo one shard execution sees, counting what it did for the shard's event (<see cref="ShardEvent.Memo"/>):
/// distinct keys that hit and distinct keys put (clips computed). Counting changes nothing looked up or stored.
/// Whatever executor runs the shard, its memo traffic goes through here: in process directly, on Slurm as the
/// hits the coordinator resolves for the job and the entries the job returns.
/// </summary>
internal sealed class CountingClipMemo(IClipMemo inner) : IClipMemo
{
    private readonly ConcurrentDictionary<Digest, byte> _hits = new(), _puts = new();

    public bool TryGet(Digest key, out Digest value)
    {
        if (!inner.TryGet(key, out value)) return false;
        _hits.TryAdd(key, 0);
        return true;
    }

    public void Put(Digest key, Digest value)
    {
        inner.Put(key, value);
        _puts.TryAdd(key, 0);
    }

    /// <summary>Hits (keys found and not computed again here) and computed entries; null when the shard used no memo.</summary>
    public MemoUse? Use()
    {
        var hits = _hits.Keys.Count(k => !_puts.ContainsKey(k));
        return hits == 0 && _puts.IsEmpty ? null : new MemoUse(hits, _puts.Count);
    }
}

/// <summary>What an executed shard took from the per-clip memo (<paramref name="Hits"/>) and computed into it (<paramref name="Computed"/>).</summary>
public sealed record MemoUse(int Hits, int Computed);

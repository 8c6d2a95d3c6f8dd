using System.Collections.Concurrent;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Engine;

/// <summary>
/// One shard execution's memo with a team cache behind it: a local miss asks the remote (whose hit is stored
/// locally, value object verified); puts go to the local memo and are remembered for the upload after the
/// shard succeeds. After <see cref="GiveUpAfterMisses"/> remote misses in a row the shard stops asking: a cold
/// remote (the first member's run) then costs a few requests per shard, not one per clip. A memo miss only
/// means the clip is computed, so this changes speed, never results.
/// </summary>
internal sealed class RemoteClipMemo(IClipMemo local, IRemoteCache remote) : IClipMemo
{
    public const int GiveUpAfterMisses = 8;

    private readonly ConcurrentDictionary<Digest, Digest> _puts = new();
    private int _missesInARow;

    /// <summary>The entries this execution computed, for <see cref="IRemoteCache.UploadAsync"/>.</summary>
    public IReadOnlyCollection<KeyValuePair<Digest, Digest>> Puts => _puts.ToArray();

    public bool TryGet(Digest key, out Digest value)
    {
        if (local.TryGet(key, out value)) return true;
        if (Volatile.Read(ref _missesInARow) >= GiveUpAfterMisses) return false;
        if (!remote.TryFetchMemo(key, out value))
        {
            Interlocked.Increment(ref _missesInARow);
            return false;
        }
        Volatile.Write(ref _missesInARow, 0);
        local.Put(key, value);
        return true;
    }

    public void Put(Digest key, Digest value)
    {
        local.Put(key, value);
        _puts[key] = value;
    }
}

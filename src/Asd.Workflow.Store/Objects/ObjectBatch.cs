using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Store.Objects;

/// <summary>
/// Puts into a <see cref="FileSystemArtifactStore"/> made durable together. Each put writes a temp file in
/// <c>tmp/</c> while hashing, without fsync; <see cref="CommitAsync"/> fsyncs all of them in one group flush
/// (<see cref="GroupSync"/>, shared with every other batch committing at the same time), and only then renames
/// each into <c>objects/</c>. So the store's promise holds as for a single <c>Put</c>: an object is visible under
/// its name only once complete and fsynced; a process killed before the renames leaves only temp files (removed
/// by the next open, under the store lock), one killed during them leaves some objects visible, each complete.
/// A caller that records something naming the objects (an index entry) does so after the commit returns.
/// </summary>
internal sealed class ObjectBatch(FileSystemArtifactStore store) : IObjectBatch
{
    private readonly Dictionary<Digest, string> _staged = [];

    public Digest Put(Stream content)
    {
        var (temp, digest, length) = store.WriteTemp(content, durable: false);
        lock (_staged)
            // Put twice, or present already (and intact; a corrupt copy is quarantined and replaced by the rename).
            if (!_staged.ContainsKey(digest) && !store.IsIntact(digest, length))
            {
                _staged[digest] = temp;
                return digest;
            }
        File.Delete(temp);
        return digest;
    }

    public Stream Open(Digest digest) => Staged(digest) is { } temp
        ? new VerifyingReadStream(new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), digest,
            (expected, actual) => new AsdException(ErrorCode.CorruptObject, $"object {expected} is corrupt (its bytes hash to {actual}) before it was stored"))
        : store.Open(digest);

    private string? Staged(Digest digest)
    {
        lock (_staged) return _staged.GetValueOrDefault(digest);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_staged.Count == 0) return;
        // Not cancelled half-way: the group flush may cover other batches' files too, and is short.
        await store.SyncAsync(_staged.Values); // durable first…
        foreach (var (digest, temp) in _staged.ToList()) // …then visible
        {
            store.Publish(temp, digest);
            _staged.Remove(digest);
        }
    }

    /// <summary>Discards what was not committed: its temp files go now (or with the next open of the store).</summary>
    public void Dispose()
    {
        foreach (var temp in _staged.Values)
        {
            try { File.Delete(temp); }
            catch (IOException) { } // removed by the next open instead
        }
        _staged.Clear();
    }
}

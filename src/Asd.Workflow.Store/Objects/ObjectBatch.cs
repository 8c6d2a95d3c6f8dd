using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Asd.Workflow.Store.Objects;

/// <summary>
/// Puts into a <see cref="FileSystemArtifactStore"/> made durable together. Each put writes a temp file in
/// <c>tmp/</c> while hashing, without fsync, and keeps its handle; <see cref="CommitAsync"/> fsyncs all of them
/// through those handles in one group flush (<see cref="GroupSync"/>, shared with every other batch committing at
/// the same time), closes them, and only then renames each into <c>objects/</c>. So the store's promise holds as
/// for a single <c>Put</c>: an object is visible under its name only once complete and fsynced; a process killed
/// before the renames leaves only temp files (removed by the next open, under the store lock), one killed during
/// them leaves some objects visible, each complete. A caller that records something naming the objects (an index
/// entry, a memo entry) does so after the commit returns. Per object: one open, one write (a put of bytes), one
/// fsync, one close and one rename.
/// </summary>
internal sealed class ObjectBatch(FileSystemArtifactStore store) : IObjectBatch
{
    private readonly Dictionary<Digest, (string Temp, SafeFileHandle Handle)> _staged = [];

    public Digest Put(Stream content)
    {
        var (temp, handle, digest, length) = store.WriteTemp(content, durable: false);
        lock (_staged)
            // Put twice, or present already (and intact; a corrupt copy is quarantined and replaced by the rename).
            if (!_staged.ContainsKey(digest) && !store.IsIntact(digest, length))
            {
                _staged[digest] = (temp, handle!);
                return digest;
            }
        Discard(temp, handle!);
        return digest;
    }

    /// <summary>Bytes in memory: hashed first, so an object staged or present already (and intact) is not written at all.</summary>
    public Digest Put(ReadOnlySpan<byte> content)
    {
        var digest = Digest.Of(content);
        if (Staged(digest) is not null || store.IsIntact(digest, content.Length)) return digest;
        var (temp, handle) = store.WriteTemp(content, digest, durable: false);
        lock (_staged)
            if (_staged.TryAdd(digest, (temp, handle!))) return digest;
        Discard(temp, handle!); // put by another thread meanwhile
        return digest;
    }

    public Stream Open(Digest digest) => Staged(digest) is { } temp
        ? new VerifyingReadStream(new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16), digest,
            (expected, actual) => new AsdException(ErrorCode.CorruptObject, $"object {expected} is corrupt (its bytes hash to {actual}) before it was stored"))
        : store.Open(digest);

    private string? Staged(Digest digest)
    {
        lock (_staged) return _staged.TryGetValue(digest, out var staged) ? staged.Temp : null;
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_staged.Count == 0) return;
        // Not cancelled half-way: the group flush may cover other batches' files too, and is short.
        await store.SyncAsync(_staged.Values.Select(s => s.Handle).ToList()); // durable first…
        foreach (var (digest, (temp, handle)) in _staged.ToList()) // …then visible
        {
            handle.Dispose();
            store.Publish(temp, digest);
            _staged.Remove(digest);
        }
    }

    /// <summary>Discards what was not committed: its temp files go now (or with the next open of the store).</summary>
    public void Dispose()
    {
        foreach (var (temp, handle) in _staged.Values) Discard(temp, handle);
        _staged.Clear();
    }

    private static void Discard(string temp, SafeFileHandle handle)
    {
        handle.Dispose();
        try { File.Delete(temp); }
        catch (IOException) { } // removed by the next open instead
    }
}

using System.Diagnostics.CodeAnalysis;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Contracts;

/// <summary>
/// Content-addressed object storage: the backend behind the store (local files today, a remote cache later).
/// An object is visible only once complete and verified.
/// </summary>
public interface IArtifactStore
{
    /// <summary>Stores bytes and returns their SHA256; storing content already present (and intact) is a no-op,
    /// a present copy whose bytes do not match its name is replaced.</summary>
    Digest Put(ReadOnlySpan<byte> content);

    /// <summary>Stores a stream's content while hashing it.</summary>
    Digest Put(Stream content);

    /// <summary>
    /// A batch of puts made durable together before any of them becomes visible (a fetched execution's objects:
    /// one durability step instead of one per object). By default each put is an ordinary durable <see cref="Put(Stream)"/>.
    /// </summary>
    IObjectBatch BeginBatch() => new ImmediateBatch(this);

    bool Exists(Digest digest);

    /// <summary>
    /// Opens an object for reading; throws an AsdException when it is missing. A verifying store checks the
    /// digest when the stream is read to its end (CorruptObject then); a partial read is not verified.
    /// </summary>
    Stream Open(Digest digest);

    /// <summary>All bytes of an object; a verifying store hashes them as it reads and throws CorruptObject (after
    /// quarantining the object) when they do not match the digest.</summary>
    byte[] ReadAll(Digest digest);

    /// <summary>
    /// A verified read for a cache lookup (memo hits): false when the object is missing or corrupt (a corrupt
    /// one is quarantined, so the caller recomputes and puts it again).
    /// </summary>
    bool TryReadVerified(Digest digest, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (!Exists(digest)) return false;
        try { bytes = ReadAll(digest); return true; }
        catch (AsdException ex) when (ex.Code == ErrorCode.CorruptObject) { return false; }
    }

    long Size(Digest digest);

    /// <summary>
    /// What the object's bytes hash to now, and how many there are: one read, whatever the bytes are (a mismatch
    /// is the caller's to report, not an exception). A verifying store quarantines a mismatching object, as any
    /// verified read does. Throws an AsdException when the object is missing. For <c>asd verify</c> and the Slurm
    /// worker's read-back: a verifying store overrides it so that the bytes are hashed once, not by the read and
    /// again by the caller.
    /// </summary>
    (Digest Actual, long Bytes) Rehash(Digest digest)
    {
        var bytes = ReadAll(digest);
        return (Digest.Of(bytes), bytes.Length);
    }

    /// <summary>Every object digest in the store, in no particular order.</summary>
    IEnumerable<Digest> List();

    void Delete(Digest digest);
}

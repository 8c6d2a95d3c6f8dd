using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Asd.Workflow.Store.Objects;

/// <summary>
/// Objects at <c>objects/sha256/ab/&lt;hex&gt;</c>. Each is written to <c>tmp/</c> while hashing, fsynced, then
/// renamed into place, so an object is visible only when complete; a crash leaves at most a temp file,
/// which <see cref="RemoveTemporaryFiles"/> deletes on the next open (under the store lock). A batch
/// (<see cref="BeginBatch"/>) writes its objects' temp files first and fsyncs them together before any rename.
/// Reads are verified: <see cref="ReadAll"/> hashes while reading and <see cref="Open"/> checks at the end of
/// the stream; an object whose bytes do not match its name moves to <c>quarantine/</c> and the read fails with
/// <see cref="ErrorCode.CorruptObject"/>. <see cref="Put(ReadOnlySpan{byte})"/> replaces a present object whose
/// size or hash is wrong (it re-hashes the present copy, a read that is cheaper than the write it saves).
/// </summary>
public sealed class FileSystemArtifactStore : IArtifactStore
{
    private readonly string _objects;
    private readonly string _tmp;
    private readonly string _quarantine;

    public FileSystemArtifactStore(string root)
    {
        Root = Path.GetFullPath(root);
        _objects = ObjectsFolder(Root);
        _tmp = Path.Combine(Root, "tmp");
        _quarantine = Path.Combine(Root, "quarantine");
        Directory.CreateDirectory(_objects);
        Directory.CreateDirectory(_tmp);
    }

    public string Root { get; }

    /// <summary>
    /// Whether reads check digests and <c>Put</c> re-hashes a present copy (default true). Off only to measure
    /// what verification costs (benchmarks); never off for a user.
    /// </summary>
    public bool VerifyReads { get; init; } = true;

    /// <summary>Where objects whose bytes do not match their name are kept, as <c>&lt;hex&gt;</c>, for inspection.</summary>
    public string QuarantineFolder => _quarantine;

    public string PathOf(Digest digest) => InFolder(_objects, digest);

    /// <summary>Where the object <paramref name="digest"/> lives in the store at <paramref name="root"/>, without opening it.</summary>
    public static string ObjectPath(string root, Digest digest) => InFolder(ObjectsFolder(Path.GetFullPath(root)), digest);

    private static string ObjectsFolder(string root) => Path.Combine(root, "objects", "sha256");

    private static string InFolder(string objects, Digest digest) => Path.Combine(objects, digest.Hex[..2], digest.Hex);

    public int RemoveTemporaryFiles()
    {
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(_tmp)) { File.Delete(file); count++; }
        return count;
    }

    public Digest Put(ReadOnlySpan<byte> content)
    {
        var digest = Digest.Of(content);
        if (IsIntact(digest, content.Length)) return digest;
        Publish(WriteTemp(content, digest, durable: true).Temp, digest);
        return digest;
    }

    public Digest Put(Stream content)
    {
        var (temp, _, digest, length) = WriteTemp(content, durable: true);
        if (IsIntact(digest, length)) File.Delete(temp);
        else Publish(temp, digest);
        return digest;
    }

    /// <summary>
    /// A batch whose objects are written to <c>tmp/</c> while hashing, then on commit fsynced together (one group
    /// flush, <see cref="GroupSync"/>) and only then renamed into place (<see cref="ObjectBatch"/>).
    /// </summary>
    public IObjectBatch BeginBatch() => new ObjectBatch(this);

    private readonly GroupSync _sync = new();

    internal Task SyncAsync(IReadOnlyCollection<SafeFileHandle> temps) => _sync.SyncAsync(temps);

    /// <summary>
    /// Writes a stream to a new temp file while hashing it; when <paramref name="durable"/> it is fsynced and its
    /// handle closed, else the handle stays open (for the batch's group flush, which fsyncs through it and
    /// closes it). The caller publishes or deletes the file. A failing source or disk deletes the temp file
    /// before the error goes on.
    /// </summary>
    internal (string Temp, SafeFileHandle? Handle, Digest Digest, long Length) WriteTemp(Stream content, bool durable)
    {
        var temp = TempPath();
        SafeFileHandle? handle = null;
        try
        {
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
            try
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                handle = CreateTemp(temp);
                long length = 0;
                int read;
                while ((read = content.Read(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    RandomAccess.Write(handle, buffer.AsSpan(0, read), length);
                    length += read;
                }
                return (temp, Finish(handle, durable), Digest.FromHash(hash.GetHashAndReset()), length);
            }
            finally { System.Buffers.ArrayPool<byte>.Shared.Return(buffer); }
        }
        catch (IOException ex) when (DiskFull.Is(ex)) { handle?.Dispose(); throw Full(temp, "an object", ex); }
        catch
        {
            handle?.Dispose();
            File.Delete(temp); // the source failed mid-way (a download cut short): no partial object stays behind
            throw;
        }
    }

    /// <summary>
    /// Writes bytes whose digest is known to a new temp file; as <see cref="WriteTemp(Stream, bool)"/>, fsynced and
    /// closed when <paramref name="durable"/>, else its handle left open for the batch's group flush. A failing
    /// disk deletes the temp file before the error goes on.
    /// </summary>
    internal (string Temp, SafeFileHandle? Handle) WriteTemp(ReadOnlySpan<byte> content, Digest digest, bool durable)
    {
        var temp = TempPath();
        SafeFileHandle? handle = null;
        try
        {
            handle = CreateTemp(temp);
            RandomAccess.Write(handle, content, 0);
            return (temp, Finish(handle, durable));
        }
        catch (IOException ex) when (DiskFull.Is(ex)) { handle?.Dispose(); throw Full(temp, $"object {digest}", ex); }
        catch
        {
            handle?.Dispose();
            File.Delete(temp);
            throw;
        }
    }

    // Opened for writing without a FileStream (no buffer, no position to seek); FileShare.Read so that the batch can
    // read a staged object back while its handle waits for the flush.
    private static SafeFileHandle CreateTemp(string temp) => File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.Read);

    private static SafeFileHandle? Finish(SafeFileHandle handle, bool durable)
    {
        if (!durable) return handle;
        using (handle) RandomAccess.FlushToDisk(handle);
        return null;
    }

    public bool Exists(Digest digest) => File.Exists(PathOf(digest));

    /// <summary>
    /// Opens an object; the stream verifies the digest when it is read to the end (a partial read, such as a
    /// header peek, is not verified) and then throws a CorruptObject AsdException on a mismatch.
    /// </summary>
    public Stream Open(Digest digest)
    {
        var stream = OpenFile(digest, 1 << 16);
        return VerifyReads ? new VerifyingReadStream(stream, digest, Corrupt) : stream;
    }

    /// <summary>All bytes of an object, hashed in the same pass; a mismatch quarantines it and throws CorruptObject.</summary>
    public byte[] ReadAll(Digest digest)
    {
        using var stream = OpenFile(digest, 0);
        var bytes = new byte[stream.Length];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        const int chunk = 1 << 20; // hashed while still in cache
        for (var at = 0; at < bytes.Length;)
        {
            var read = stream.Read(bytes, at, Math.Min(chunk, bytes.Length - at));
            if (read == 0) throw Corrupt(digest, Digest.Of(bytes.AsSpan(0, at))); // truncated while we read it
            if (VerifyReads) hash.AppendData(bytes, at, read);
            at += read;
        }
        if (VerifyReads && Digest.FromHash(hash.GetHashAndReset()) is var actual && actual != digest) throw Corrupt(digest, actual);
        return bytes;
    }

    /// <summary>Moves a corrupt object to the quarantine folder (bad bytes kept); returns where it went.</summary>
    public string Quarantine(Digest digest)
    {
        Directory.CreateDirectory(_quarantine);
        var target = Path.Combine(_quarantine, digest.Hex);
        try { File.Move(PathOf(digest), target, overwrite: true); }
        catch (FileNotFoundException) { } // another reader of the same object moved it first
        catch (DirectoryNotFoundException) { }
        return target;
    }

    private FileStream OpenFile(Digest digest, int bufferSize)
    {
        try { return new FileStream(PathOf(digest), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize); }
        catch (FileNotFoundException) { throw Missing(digest); }
        catch (DirectoryNotFoundException) { throw Missing(digest); }
    }

    /// <summary>
    /// True when the object is present with the expected size and hash. A present copy that is wrong is copied
    /// to quarantine and false is returned, so the caller's atomic rename replaces it.
    /// </summary>
    internal bool IsIntact(Digest digest, long size)
    {
        var info = new FileInfo(PathOf(digest));
        if (!info.Exists) return false;
        if (!VerifyReads) return true;
        if (info.Length == size && HashOf(info.FullName) == digest) return true;
        Directory.CreateDirectory(_quarantine);
        File.Copy(info.FullName, Path.Combine(_quarantine, digest.Hex), overwrite: true);
        return false;
    }

    /// <summary>The SHA-256 of a file's bytes, streamed (the data-set hasher's reader: large pooled sequential reads).</summary>
    public static Digest HashOf(string path) => new(Dataset.FileHasher.HashFile(path));

    public long Size(Digest digest) => new FileInfo(PathOf(digest)).Length;

    /// <summary>The object's bytes hashed once as they are streamed from disk; a mismatch quarantines it (when reads are verified).</summary>
    public (Digest Actual, long Bytes) Rehash(Digest digest)
    {
        Digest actual;
        long size;
        using (var stream = OpenFile(digest, 0))
        {
            size = stream.Length;
            actual = new(Dataset.FileHasher.Hash(stream.SafeFileHandle));
        }
        if (actual != digest && VerifyReads) Quarantine(digest);
        return (actual, size);
    }

    public IEnumerable<Digest> List()
    {
        foreach (var dir in Directory.EnumerateDirectories(_objects))
            foreach (var file in Directory.EnumerateFiles(dir))
                if (Digest.TryParse(Path.GetFileName(file), out var digest)) yield return digest;
    }

    public void Delete(Digest digest) => File.Delete(PathOf(digest));

    // Unique without a random read per file: the process id, one random prefix per store instance (a Slurm job on
    // another node may share the process id) and a counter.
    private readonly string _tempPrefix = $"{Environment.ProcessId}-{Guid.NewGuid():N}-";
    private long _temps;

    private string TempPath() => Path.Combine(_tmp, $"{_tempPrefix}{Interlocked.Increment(ref _temps)}.tmp");

    // Shard folders (objects/sha256/ab) this instance has created or found: created once, not once per object.
    private readonly bool[] _folders = new bool[256];

    internal void Publish(string temp, Digest digest)
    {
        var final = PathOf(digest);
        var folder = Convert.ToInt32(digest.Hex[..2], 16);
        try
        {
            if (!Volatile.Read(ref _folders[folder])) CreateFolder(final, folder);
            try { File.Move(temp, final, overwrite: true); }
            catch (DirectoryNotFoundException) when (File.Exists(temp)) // the folder was removed since this instance saw it: once more
            {
                CreateFolder(final, folder);
                File.Move(temp, final, overwrite: true);
            }
        }
        catch (IOException ex) when (DiskFull.Is(ex)) { throw Full(temp, $"object {digest}", ex); }
    }

    private void CreateFolder(string final, int folder)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        Volatile.Write(ref _folders[folder], true);
    }

    /// <summary>A full disk: the half-written temp file goes (no partial object stays behind), then one NoSpace line.</summary>
    private AsdException Full(string temp, string what, IOException error)
    {
        try { File.Delete(temp); }
        catch (IOException) { } // removed by the next open (RemoveTemporaryFiles) instead
        return DiskFull.Error($"store {Root}", what, error);
    }

    /// <summary>Called with one line for each corrupt object a lookup (<see cref="TryReadVerified"/>) quarantined.</summary>
    public Action<string> Notice { get; set; } = _ => { };

    /// <summary>A verified read for a cache lookup: a corrupt object is quarantined, reported in one line and is a miss.</summary>
    public bool TryReadVerified(Digest digest, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (!Exists(digest)) return false;
        try { bytes = ReadAll(digest); return true; }
        catch (AsdException ex) when (ex.Code == ErrorCode.CorruptObject) { Notice(ex.Message.Replace(ProducerReExecutes, "; recomputing it", StringComparison.Ordinal)); return false; }
    }

    private const string ProducerReExecutes = "; its producer re-executes";

    private AsdException Corrupt(Digest digest, Digest actual) => new(ErrorCode.CorruptObject,
        $"object {digest} is corrupt (its bytes hash to {actual}); quarantined to {Quarantine(digest)}{ProducerReExecutes}");

    private AsdException Missing(Digest digest) =>
        AsdException.Failed($"object {digest} is missing from the store {Root} (run `asd verify` or rerun the workflow)");
}

using System.Security.Cryptography;
using Asd.Workflow.Core.Contracts;

namespace Asd.Workflow.Store.Dataset;

/// <summary>
/// SHA256 identities of data-set files. A stat cache keyed on each file's whole <see cref="FileIdentity"/>
/// (device, inode, size, mtime and ctime in ns) means an unchanged file is never re-read; new, changed and racy
/// files are hashed in parallel with large sequential reads. Git's racy-clean rule: a file whose mtime or ctime
/// lies within one timestamp tick of <paramref name="scanStarted"/> could be rewritten later in that same tick
/// without changing its identity, so its entry is recorded as racy and the next scan re-reads it.
/// </summary>
public sealed class FileHasher(IRunIndex index, DateTimeOffset scanStarted)
{
    /// <summary>Tick assumed for a timestamp with a sub-second part: Linux stamps files from a coarse clock (one jiffy, at most 10 ms).</summary>
    public const long FineTickNs = 100_000_000;

    /// <summary>Tick assumed for a whole-second timestamp: FAT's 2 s, the coarsest common file-system granularity.</summary>
    public const long CoarseTickNs = 2_000_000_000;

    /// <summary>Ignore the stat cache: hash every file (<c>asd run --rehash</c>).</summary>
    public bool Rehash { get; init; }

    /// <summary>
    /// Identities already read by this scan (the listing fingerprint's, by full path, each read after
    /// <c>scanStarted</c>): a file found here is not stat'ed again. Others are.
    /// </summary>
    public IReadOnlyDictionary<string, FileIdentity>? Known { get; init; }

    /// <summary>Files the last <see cref="HashAll"/> read in full.</summary>
    public int Hashed { get; private set; }

    /// <summary>Files the last <see cref="HashAll"/> found racy (or without a complete identity): re-read next time.</summary>
    public int Racy { get; private set; }

    public IReadOnlyDictionary<string, string> HashAll(IReadOnlyList<string> paths, int jobs)
    {
        var cache = Rehash ? new Dictionary<string, FileStat>() : index.LoadStatCache();
        var scanNs = (scanStarted - DateTimeOffset.UnixEpoch).Ticks * 100;
        var result = new string[paths.Count];
        var fresh = new System.Collections.Concurrent.ConcurrentBag<FileStat>();
        Parallel.For(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) }, i =>
        {
            var path = paths[i];
            var identity = Known is not null && Known.TryGetValue(path, out var listed) ? listed : FileIdentityReader.Read(path);
            if (identity is { IsComplete: true } && cache.TryGetValue(path, out var known) && !known.Racy && known.Identity == identity)
            {
                result[i] = known.Sha256;
                return;
            }
            var sha = HashFile(path);
            result[i] = sha;
            fresh.Add(new FileStat(path, identity ?? default, sha, identity is not { IsComplete: true } id || IsRacy(id, scanNs)));
        });
        Hashed = fresh.Count;
        Racy = fresh.Count(f => f.Racy);
        if (!fresh.IsEmpty) index.SaveStatCache(fresh.OrderBy(f => f.Path, StringComparer.Ordinal));
        return Enumerable.Range(0, paths.Count).ToDictionary(i => paths[i], i => result[i], StringComparer.Ordinal);
    }

    /// <summary>True when the file's mtime or ctime is within one timestamp tick of the scan (or after it).</summary>
    public static bool IsRacy(FileIdentity identity, long scanNs) => Near(identity.MtimeNs, scanNs) || Near(identity.CtimeNs, scanNs);

    private static bool Near(long timestampNs, long scanNs) =>
        timestampNs >= scanNs - (timestampNs % 1_000_000_000 == 0 ? CoarseTickNs : FineTickNs);

    public static string HashFile(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        return Hash(handle);
    }

    /// <summary>The SHA-256 (hex) of an open file's bytes, read from offset 0 in large pooled reads.</summary>
    public static string Hash(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long offset = 0;
            int read;
            while ((read = RandomAccess.Read(handle, buffer, offset)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                offset += read;
            }
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(buffer); }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

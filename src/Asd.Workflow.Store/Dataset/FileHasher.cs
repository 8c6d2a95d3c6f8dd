using System.Security.Cryptography;
using Asd.Workflow.Core.Contracts;

namespace Asd.Workflow.Store.Dataset;

/// <summary>
/// SHA256 identities of data-set files. A stat cache (path, size, mtime) means an unchanged file is never
/// re-read; changed or new files are hashed in parallel with large sequential reads.
/// </summary>
public sealed class FileHasher(IRunIndex index)
{
    public IReadOnlyDictionary<string, string> HashAll(IReadOnlyList<string> paths, int jobs)
    {
        var cache = index.LoadStatCache();
        var result = new string[paths.Count];
        var fresh = new System.Collections.Concurrent.ConcurrentBag<FileStat>();
        Parallel.For(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) }, i =>
        {
            var path = paths[i];
            var info = new FileInfo(path);
            var mtime = info.LastWriteTimeUtc.Ticks;
            if (cache.TryGetValue(path, out var known) && known.Size == info.Length && known.MtimeTicks == mtime)
            {
                result[i] = known.Sha256;
                return;
            }
            var sha = HashFile(path);
            result[i] = sha;
            fresh.Add(new FileStat(path, info.Length, mtime, 0, sha));
        });
        if (!fresh.IsEmpty) index.SaveStatCache(fresh.OrderBy(f => f.Path, StringComparer.Ordinal));
        return Enumerable.Range(0, paths.Count).ToDictionary(i => paths[i], i => result[i], StringComparer.Ordinal);
    }

    public static string HashFile(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
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

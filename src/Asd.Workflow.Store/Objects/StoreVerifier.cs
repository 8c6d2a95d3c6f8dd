using System.Collections.Concurrent;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Store.Index;

namespace Asd.Workflow.Store.Objects;

/// <summary>An object whose bytes do not match its name.</summary>
public sealed record BadObject(Digest Digest, Digest Actual, long Size);

/// <summary>What <see cref="StoreVerifier.Verify"/> found: every object hashed, the bad ones listed.</summary>
public sealed record StoreVerifyReport(int Objects, long Bytes, IReadOnlyList<BadObject> Bad);

/// <summary>
/// <c>asd store verify</c>: re-hashes every object of the store in parallel (like <c>git fsck</c> or
/// <c>nix store verify --all</c>) and, on request, repairs: bad objects go to quarantine and the index records
/// that point at them are dropped, so the next run re-executes their producers.
/// </summary>
public static class StoreVerifier
{
    public static StoreVerifyReport Verify(FileSystemArtifactStore store, int jobs)
    {
        var objects = store.List().ToList();
        var bad = new ConcurrentBag<BadObject>();
        long bytes = 0;
        Parallel.ForEach(objects, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) }, digest =>
        {
            var path = store.PathOf(digest);
            long size;
            Digest actual;
            try { size = new FileInfo(path).Length; actual = FileSystemArtifactStore.HashOf(path); }
            catch (FileNotFoundException) { return; } // deleted since it was listed
            Interlocked.Add(ref bytes, size);
            if (actual != digest) bad.Add(new BadObject(digest, actual, size));
        });
        return new StoreVerifyReport(objects.Count, bytes, bad.OrderBy(b => b.Digest.Hex, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Quarantines the bad objects and drops the index records that point at them: executions whose record
    /// object or an output is bad or whose JSON output names a bad object (a package tree naming a bad
    /// file), and memo entries whose value is bad. Returns the number of records dropped.
    /// </summary>
    public static int Repair(FileSystemArtifactStore store, LiteDbRunIndex index, IReadOnlyCollection<BadObject> bad)
    {
        if (bad.Count == 0) return 0;
        foreach (var b in bad) store.Quarantine(b.Digest);
        var gone = bad.Select(b => b.Digest).ToHashSet();
        return index.DropRecords((record, recordObject) => gone.Contains(recordObject) || record.Outputs.Any(o =>
        {
            var output = Digest.Parse(o.Digest);
            return gone.Contains(output) || (store.Exists(output) && ObjectReferences.Named(store, output).Any(gone.Contains));
        }), gone);
    }
}

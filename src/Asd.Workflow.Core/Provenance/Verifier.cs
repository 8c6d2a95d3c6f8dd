using System.Security.Cryptography;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Provenance;

/// <summary>One object that failed verification: what it was, and what it is now.</summary>
public sealed record VerifyProblem(string What, string Expected, string Problem);

public sealed record VerifyReport(int Objects, long Bytes, IReadOnlyList<VerifyProblem> Problems);

/// <summary>Re-hashes every object a manifest names, in parallel, and lists missing and corrupt ones.</summary>
public static class Verifier
{
    /// <param name="progress">Hears (objects checked, objects in all) as each object is checked, from any thread.</param>
    public static VerifyReport Verify(Manifest manifest, IArtifactStore store, int jobs, Action<int, int>? progress = null)
    {
        var objects = manifest.NamedObjects().GroupBy(o => o.Digest).Select(g => (What: g.First().What, Digest: g.Key)).ToList();
        var checkedCount = 0;
        var problems = new System.Collections.Concurrent.ConcurrentBag<VerifyProblem>();
        long bytes = 0;
        Parallel.ForEach(objects, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) }, o =>
        {
            var digest = Digest.Parse(o.Digest);
            try { Check(o.What, o.Digest, digest); }
            finally { progress?.Invoke(Interlocked.Increment(ref checkedCount), objects.Count); }
        });
        return new VerifyReport(objects.Count, bytes, problems.OrderBy(p => p.What, StringComparer.Ordinal).ToList());

        void Check(string what, string expected, Digest digest)
        {
            if (!store.Exists(digest)) { problems.Add(new VerifyProblem(what, expected, "missing")); return; }
            using var stream = store.Open(digest);
            var actual = HashToTheEnd(stream);
            Interlocked.Add(ref bytes, stream.Length);
            if (actual != digest) problems.Add(new VerifyProblem(what, expected, $"corrupt: content hashes to {actual} ({stream.Length} bytes)"));
        }
    }

    /// <summary>
    /// The hash of a stream's bytes. A verifying store also checks them and throws CorruptObject at the end
    /// (having quarantined the object); the caller reports that from the hash, as for any other store.
    /// </summary>
    private static Digest HashToTheEnd(Stream stream)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        try
        {
            int read;
            while ((read = stream.Read(buffer)) > 0) hash.AppendData(buffer, 0, read);
        }
        catch (Errors.AsdException ex) when (ex.Code == Errors.ErrorCode.CorruptObject) { }
        return Digest.FromHash(hash.GetHashAndReset());
    }
}

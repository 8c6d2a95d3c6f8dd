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
            var (actual, size) = store.Rehash(digest); // one read, hashed once (a verifying store quarantines a mismatch)
            Interlocked.Add(ref bytes, size);
            if (actual != digest) problems.Add(new VerifyProblem(what, expected, $"corrupt: content hashes to {actual} ({size} bytes)"));
        }
    }
}

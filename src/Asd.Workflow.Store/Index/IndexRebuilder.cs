using System.Text;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Store.Index;

/// <summary>
/// Rebuilds the index from the objects alone: every execution record is itself an object, and an execution
/// is re-indexed when all its outputs are present. Stat cache and per-clip memo start empty (both refill).
/// </summary>
public static class IndexRebuilder
{
    private static readonly byte[] RecordPrefix = "{\"cache_key\":"u8.ToArray();

    public static int Rebuild(IArtifactStore store, IRunIndex index)
    {
        index.Clear();
        var count = 0;
        foreach (var digest in store.List().OrderBy(d => d.Hex, StringComparer.Ordinal))
        {
            using (var stream = store.Open(digest))
            {
                var head = new byte[RecordPrefix.Length];
                if (stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length || !head.AsSpan().SequenceEqual(RecordPrefix)) continue;
            }
            if (!store.TryReadVerified(digest, out var bytes)) continue; // corrupt: quarantined, not indexed
            var record = JsonDefaults.Deserialize<ExecutionRecord>(bytes);
            if (!record.Outputs.All(o => store.Exists(Digest.Parse(o.Digest)))) continue;
            index.RecordExecution(record, digest);
            count++;
        }
        return count;
    }
}

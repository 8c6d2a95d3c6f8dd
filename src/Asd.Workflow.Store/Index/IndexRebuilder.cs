using System.Text;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Store.Index;

/// <summary>
/// Rebuilds the index from the objects alone: every execution record is itself an object, and an execution
/// is re-indexed when all its outputs are present. What objects cannot give back is kept from the old index
/// when it can still be read: the run history (gc keeps the last runs' outputs) and the stage states (which
/// key each stage shard last had: status, <c>--out</c> and "why it reruns"). Stat cache, remembered data-set
/// snapshots and per-clip memo start empty: they only save work, refill on the next run, and a damaged file
/// is no place to trust a digest from.
/// </summary>
public static class IndexRebuilder
{
    /// <summary>What a file rebuild did: execution records indexed, runs and stage states kept from the old index.</summary>
    public sealed record Outcome(int Executions, int Runs, int StageStates);

    /// <summary>
    /// Builds a new index file beside <paramref name="indexPath"/> from the objects (plus what
    /// <paramref name="keepFrom"/> still holds that objects cannot give), then renames it over
    /// <paramref name="indexPath"/> (see <see cref="IndexFiles.Replace"/>). No handle on either file may be open.
    /// </summary>
    public static Outcome RebuildFile(IArtifactStore store, string indexPath, string? keepFrom)
    {
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(indexPath))!, $"{Path.GetFileNameWithoutExtension(indexPath)}.rebuild{Path.GetExtension(indexPath)}");
        IndexFiles.Delete(temp);
        Outcome outcome;
        using (var fresh = new LiteDbRunIndex(temp))
        {
            var executions = Rebuild(store, fresh);
            var (runs, states) = keepFrom is not null && File.Exists(keepFrom) ? Keep(keepFrom, fresh) : (0, 0);
            outcome = new Outcome(executions, runs, states);
            fresh.Checkpoint();
        }
        IndexFiles.Replace(temp, indexPath);
        return outcome;
    }

    /// <summary>Copies the run history and the stage states that can still be read; a damaged part is dropped.</summary>
    private static (int Runs, int States) Keep(string oldPath, LiteDbRunIndex into)
    {
        LiteDbRunIndex old;
        try { old = new LiteDbRunIndex(oldPath); }
        catch (Exception ex) when (IndexDamage.IsDamage(ex)) { return (0, 0); }
        using (old)
        {
            var runs = Salvage(old.Runs);
            foreach (var run in runs) into.RecordRun(run);
            var states = Salvage(old.StageStates);
            into.SaveStageStates(states);
            return (runs.Count, states.Count);
        }
    }

    private static IReadOnlyList<T> Salvage<T>(Func<IReadOnlyList<T>> read)
    {
        try { return read(); }
        catch (Exception ex) when (IndexDamage.IsDamage(ex)) { return []; }
    }

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

using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Store.Gc;

/// <summary>How many objects of one kind gc would delete, and their bytes.</summary>
public sealed record GcKindSummary(string Kind, int Objects, long Bytes);

/// <summary>
/// Sorts the objects of a gc plan by what the index knows of them: execution records, outputs of each activity
/// kind, and the rest (per-clip results and data-set listings, which the index names only by memo key).
/// </summary>
public static class GcKinds
{
    public const string Records = "execution records";
    public const string Other = "per-clip results, data-set listings, other";

    public static IReadOnlyList<GcKindSummary> Summarize(IReadOnlyList<(Digest Digest, long Bytes)> objects, IRunIndex index)
    {
        var kinds = new Dictionary<Digest, string>();
        foreach (var record in index.Executions())
        {
            kinds.TryAdd(Digest.Of(CanonicalJson.Serialize(record)), Records);
            foreach (var output in record.Outputs) kinds.TryAdd(Digest.Parse(output.Digest), $"{record.Kind} outputs");
        }
        return objects.GroupBy(o => kinds.GetValueOrDefault(o.Digest, Other))
            .Select(g => new GcKindSummary(g.Key, g.Count(), g.Sum(o => o.Bytes)))
            .OrderByDescending(k => k.Bytes).ThenBy(k => k.Kind, StringComparer.Ordinal).ToList();
    }
}

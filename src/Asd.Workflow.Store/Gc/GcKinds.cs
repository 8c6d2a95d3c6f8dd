using Asd.Workflow.Core.Hashing;

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

    /// <summary>The plan's dead objects by kind, from the executions the plan read (<see cref="GcRoots.Objects"/>): the index is not read again.</summary>
    public static IReadOnlyList<GcKindSummary> Summarize(GcPlan plan)
    {
        var kinds = new Dictionary<Digest, string>();
        foreach (var execution in plan.Executions)
        {
            kinds.TryAdd(execution.Record, Records);
            foreach (var output in execution.Outputs) kinds.TryAdd(output, $"{execution.Kind} outputs");
        }
        return plan.Dead.GroupBy(o => kinds.GetValueOrDefault(o.Digest, Other))
            .Select(g => new GcKindSummary(g.Key, g.Count(), g.Sum(o => o.Bytes)))
            .OrderByDescending(k => k.Bytes).ThenBy(k => k.Kind, StringComparer.Ordinal).ToList();
    }
}

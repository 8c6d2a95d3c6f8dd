using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Scoring.Activities;

/// <summary>
/// The score tables that guard, reliability and fuse read from the upstream stages they name: per split, each
/// table parsed once, and all of them checked to list the same clips in the same rows, so an activity may combine
/// them row by row. Stages over different clips (different decode stages) are a bad workflow (exit 2), with the
/// stage and the first differing row.
/// </summary>
internal static class ScoreInputs
{
    /// <summary>
    /// The tables of <paramref name="stages"/> (a stage named twice is read once) for one split; every table is
    /// checked against the first.
    /// </summary>
    /// <param name="role">What a stage is to the activity, for the error ("branch", "cue").</param>
    /// <param name="rule">What the workflow must do instead, for the error ("fused branches must share one decode stage").</param>
    public static IReadOnlyDictionary<string, ScoreTable> Read(ActivityContext context, string split, IEnumerable<string> stages, string role, string rule)
    {
        var tables = new Dictionary<string, ScoreTable>(StringComparer.Ordinal);
        ScoreTable? first = null;
        foreach (var stage in stages)
        {
            if (tables.ContainsKey(stage)) continue;
            var table = ScoreTable.FromCsv(context.Read(context.Input(split, stage)));
            first ??= table;
            if (first.FirstClipMismatch(table) is var i and >= 0)
                throw AsdException.BadInput($"stage '{context.StageName}' shard {context.Shard}: {role} '{stage}' does not cover the same clips as the others (first difference at row {i + 1}); {rule}");
            tables[stage] = table;
        }
        return tables;
    }
}

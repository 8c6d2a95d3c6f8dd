using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Definitions;

namespace Asd.Workflow.Core.Provenance;

/// <summary>
/// What of a frozen workflow runs on an evaluation set: every stage except those that read ground truth (an
/// evaluation set ships none; its scores are evaluated later, from the package, with <c>asd evaluate</c>) and
/// the stages downstream of them. The stages kept are the frozen definitions, unchanged and in the same order.
/// </summary>
public sealed record InferencePlan(WorkflowDefinition Runnable, IReadOnlyList<string> NotRun)
{
    public static InferencePlan Of(WorkflowDefinition workflow, ActivityRegistry registry)
    {
        var dropped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in workflow.TopologicalOrder())
            if (registry.Get(stage.Uses).ReadsGroundTruth || stage.Needs.Any(dropped.Contains)) dropped.Add(stage.Name);
        return new InferencePlan(workflow with { Stages = workflow.Stages.Where(s => !dropped.Contains(s.Name)).ToList() },
            workflow.Stages.Where(s => dropped.Contains(s.Name)).Select(s => s.Name).ToList());
    }
}

using System.Text.Json.Nodes;

namespace Asd.Workflow.Core.Definitions;

/// <summary>A loaded, validated workflow: immutable once built.</summary>
public sealed record WorkflowDefinition(
    string Name,
    string SourceFile,
    string? Dataset,
    BadClipPolicy OnBadClip,
    IReadOnlyList<StageDefinition> Stages)
{
    public StageDefinition Stage(string name) => Stages.First(s => s.Name == name);

    /// <summary>Stages in a topological order (ties broken by declaration order).</summary>
    public IReadOnlyList<StageDefinition> TopologicalOrder() => Stages; // the loader stores them sorted
}

/// <summary>What decode does with a corrupt clip: fail the run, or skip it and record the skip.</summary>
public enum BadClipPolicy { Fail, Skip }

/// <summary>
/// One stage: the activity kind it uses, the stages it needs, and its options resolved against the
/// activity's typed options (defaults filled in), as canonical JSON.
/// </summary>
public sealed record StageDefinition(
    string Name,
    string Uses,
    IReadOnlyList<string> Needs,
    JsonObject Options,
    object TypedOptions,
    SourcePosition Position)
{
    /// <summary>What a cluster job for one shard asks for (<c>resources:</c>); not part of the stage identity.</summary>
    public StageResources Resources { get; init; } = StageResources.Default;
}

using System.ComponentModel.DataAnnotations;
using Asd.Workflow.Core.Definitions;

namespace Asd.Workflow.Scoring.Activities.Reliability;

/// <summary>
/// Options of the reliability activity: the fold-safe reliability score ρ(x) ∈ [1 − strength, 1] that a fuse
/// stage's global gate reweights its mixture with. Every cue is on the train-normal empirical-CDF scale
/// (each F fold-safe: a train clip's own value is left out of its reference); nothing is fitted.
/// </summary>
public sealed record ReliabilityOptions
{
    /// <summary>
    /// Near/far (or residual) disagreement: calibrated views of one branch (two or more stages in needs);
    /// cue u = max − min of their F. Empty = not used.
    /// </summary>
    [Name(Values = true)] public IReadOnlyList<string> Disagreement { get; init; } = [];

    /// <summary>
    /// Target-bank proximity: a calibrated distance to the target-domain train bank (a score stage with
    /// <c>banks: target</c>); cue u = 1 − F, high for clips as close to the few target normals as those
    /// normals are to each other, where the reference is sparsest. Empty = not used.
    /// </summary>
    [Name(Values = true)] public string Proximity { get; init; } = "";

    /// <summary>How far an unreliable clip's weight moves: ρ = 1 − strength·mean(cues); default 0.5.</summary>
    [Range(0, 1)] public double Strength { get; init; } = 0.5;
}

/// <summary>The reliability constants as applied, and the mean train reliability.</summary>
public sealed record ReliabilityStats(IReadOnlyList<string> Disagreement, string Proximity, double Strength, double TrainMean);

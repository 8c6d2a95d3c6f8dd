using System.ComponentModel.DataAnnotations;
using Asd.Workflow.Core.Definitions;

namespace Asd.Workflow.Scoring.Activities.Fuse;

/// <summary>Options of the fuse activity: S(x) = Σ_b w_b·φ_b(z_b(x)) − λ·R(x).</summary>
public sealed record FuseOptions
{
    /// <summary>Branch weights by calibrated stage name (each must be in needs).</summary>
    [Name(Keys = true)] public IReadOnlyDictionary<string, double> Weights { get; init; } = new Dictionary<string, double>();

    /// <summary>φ per branch: identity (default), tanh, logistic, ecdf, clip.</summary>
    [Name(Keys = true)] public IReadOnlyDictionary<string, string> Transforms { get; init; } = new Dictionary<string, string>();

    /// <summary>Lower bound of the clip transform; default −3.</summary>
    [Range(-1000, 1000)] public double ClipLo { get; init; } = -3;
    /// <summary>Upper bound of the clip transform; default 3.</summary>
    [Range(-1000, 1000)] public double ClipHi { get; init; } = 3;

    /// <summary>The guard stage whose penalty R is subtracted; empty = none.</summary>
    [Name(Values = true)] public string Guard { get; init; } = "";

    /// <summary>λ, the penalty weight; default 0.1.</summary>
    [Range(0, 100)] public double Lambda { get; init; } = 0.1;

    /// <summary>Decisions are 1 above this quantile of the system's own train-normal final scores; default 0.95.</summary>
    [Range(0.5, 1)] public double DecisionCdf { get; init; } = 0.95;
}

/// <summary>The decision threshold artifact.</summary>
public sealed record DecisionThreshold(double Cdf, double Value, int TrainCount);

using System.ComponentModel.DataAnnotations;
using Asd.Workflow.Core.Definitions;

namespace Asd.Workflow.Scoring.Activities.Fuse;

/// <summary>
/// Options of the fuse activity: S(x) = T(Σ_b w_b(x)·φ_b(z_b(x))) − Σ_g λ_g·R_g(x), with w_b(x) the branch
/// weights reweighted by the global reliability gate, T the tail calibration and R_g the guard penalties;
/// decisions are 1 where S is in the upper train-normal tail at decision_cdf.
/// </summary>
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

    /// <summary>
    /// A guard stage whose penalty R is subtracted with weight <c>lambda</c>: the same as naming it in <c>guards</c>
    /// with that λ, subtracted first; empty = none.
    /// </summary>
    [Name(Values = true)] public string Guard { get; init; } = "";

    /// <summary>λ, the penalty weight of <see cref="Guard"/>; default 0.1.</summary>
    [Range(0, 100)] public double Lambda { get; init; } = 0.1;

    /// <summary>Guard stages, each with its own λ, subtracted by name after <c>guard</c> (System C adds a second, independent guard to A's).</summary>
    [Name(Keys = true), Range(0, 100)] public IReadOnlyDictionary<string, double> Guards { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// Every guard penalty, (stage, λ), in the order subtracted: <see cref="Guard"/> with <see cref="Lambda"/>, then
    /// <see cref="Guards"/> by name. The one list fuse validates, reads, subtracts and names in lineage (not an
    /// option: it has no setter, so the loader, the docs and the stage identity do not see it).
    /// </summary>
    public IReadOnlyList<(string Stage, double Lambda)> Penalties =>
        [.. (Guard.Length > 0 ? [(Guard, Lambda)] : Array.Empty<(string, double)>()),
            .. Guards.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value))];

    /// <summary>
    /// Tail calibration of the mixture before the penalties: none (default) or linear (the upper train-normal
    /// tail from the tail_q threshold to the train maximum is mapped onto [t, t + tail_scale]; below unchanged).
    /// </summary>
    [AllowedValues("none", "linear")] public string TailCalibration { get; init; } = "none";

    /// <summary>Train-normal CDF level where the calibrated tail starts; default 0.95.</summary>
    [Range(0, 1)] public double TailQ { get; init; } = 0.95;

    /// <summary>The fixed width of the calibrated train-normal tail; default 1.</summary>
    [Range(1e-6, 1000)] public double TailScale { get; init; } = 1;

    /// <summary>
    /// A reliability stage (ρ(x) ∈ [0, 1] per clip); empty = none. The global gate sets each branch's weight to
    /// ρ·w_b + (1 − ρ)·v_b, v_b from <see cref="GateWeights"/>.
    /// </summary>
    [Name(Values = true)] public string Gate { get; init; } = "";

    /// <summary>The mixture an unreliable clip (ρ = 0) gets; branches not named get 0 (the score moves toward the train-normal median, z = 0).</summary>
    [Name(Keys = true)] public IReadOnlyDictionary<string, double> GateWeights { get; init; } = new Dictionary<string, double>();

    /// <summary>Decisions are 1 where the train-normal CDF of the system's own train final scores is ≥ this; default 0.95.</summary>
    [Range(0.5, 1)] public double DecisionCdf { get; init; } = 0.95;
}

/// <summary>The decision threshold artifact: the smallest train final score in the tail, and the tail calibration applied.</summary>
public sealed record DecisionThreshold(double Cdf, double Value, int TrainCount, Calibration.TailCalibration? Tail = null);

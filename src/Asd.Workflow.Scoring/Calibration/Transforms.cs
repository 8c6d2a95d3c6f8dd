using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Scoring.Calibration;

/// <summary>
/// Fixed monotone score transforms φ: identity, tanh, logistic (1 / (1 + e^−z)), ecdf (the branch's
/// train-normal CDF of z; for a train clip its fold-safe form, <see cref="Ecdf.Cdf(double, bool)"/>) and clip
/// (to [lo, hi]).
/// </summary>
public static class Transforms
{
    public static readonly string[] Known = ["identity", "tanh", "logistic", "ecdf", "clip"];

    /// <param name="member">Whether the clips transformed are the train clips of <paramref name="trainReference"/> (ecdf only).</param>
    public static Func<double, double> Create(string name, Ecdf trainReference, bool member, double lo, double hi) => name switch
    {
        "identity" => z => z,
        "tanh" => Math.Tanh,
        "logistic" => z => 1.0 / (1.0 + Math.Exp(-z)),
        "ecdf" => z => trainReference.Cdf(z, member),
        "clip" => z => Math.Clamp(z, lo, hi),
        _ => throw AsdException.BadInput($"unknown transform '{name}' (allowed: {string.Join(", ", Known)})"),
    };
}

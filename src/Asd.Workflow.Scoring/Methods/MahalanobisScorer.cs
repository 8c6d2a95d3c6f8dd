using MathNet.Numerics.LinearAlgebra;

namespace Asd.Workflow.Scoring.Methods;

/// <summary>
/// Mahalanobis distance to the bank mean under a shrunk covariance Σ* = (1 − δ)·S + δ·(tr S / p)·I, where S
/// is the maximum-likelihood covariance and δ is either fixed or the Ledoit–Wolf estimate (the formula of
/// scikit-learn's ledoit_wolf_shrinkage).
/// </summary>
public sealed class MahalanobisScorer : IScorer
{
    private readonly Vector<double> _mean;
    private readonly Matrix<double> _precision;

    public MahalanobisScorer(IReadOnlyList<float[]> bank, double shrinkage)
    {
        var n = bank.Count;
        var p = bank[0].Length;
        var x = Matrix<double>.Build.Dense(n, p, (i, j) => bank[i][j]);
        _mean = x.ColumnSums() / n;
        var centered = x - Matrix<double>.Build.Dense(n, p, (_, j) => _mean[j]);
        var s = centered.TransposeThisAndMultiply(centered) / n;
        var mu = s.Trace() / p;
        Shrinkage = shrinkage >= 0 ? shrinkage : LedoitWolf(centered, s, mu);
        var shrunk = s * (1 - Shrinkage) + Matrix<double>.Build.DenseIdentity(p) * (Shrinkage * mu);
        if (mu == 0) shrunk += Matrix<double>.Build.DenseIdentity(p) * 1e-12;
        _precision = shrunk.Inverse();
    }

    public double Shrinkage { get; }

    public double Score(ReadOnlySpan<float> query)
    {
        var d = Vector<double>.Build.Dense(query.Length);
        for (var i = 0; i < query.Length; i++) d[i] = query[i] - _mean[i];
        return Math.Sqrt(Math.Max(0, d * (_precision * d)));
    }

    private static double LedoitWolf(Matrix<double> centered, Matrix<double> s, double mu)
    {
        var n = centered.RowCount;
        var p = centered.ColumnCount;
        var x2 = centered.PointwisePower(2);
        var beta0 = x2.TransposeThisAndMultiply(x2).Enumerate().Sum();
        var delta0 = s.Enumerate().Sum(v => v * v);
        var beta = 1.0 / (p * n) * (beta0 / n - delta0);
        var delta = (delta0 - 2 * mu * s.Trace() + p * mu * mu) / p;
        beta = Math.Min(beta, delta);
        return beta == 0 ? 0 : beta / delta;
    }
}

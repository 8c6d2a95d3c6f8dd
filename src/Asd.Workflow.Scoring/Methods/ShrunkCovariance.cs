using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Asd.Workflow.Scoring.Methods;

/// <summary>
/// Shrinkage of a maximum-likelihood covariance S towards (tr S / p)·I, and the Ledoit–Wolf intensity (the
/// formula of scikit-learn's ledoit_wolf_shrinkage) from the sample's sufficient statistics.
/// </summary>
internal static class ShrunkCovariance
{
    /// <summary>
    /// Ledoit–Wolf δ from n samples of p dimensions: <paramref name="beta0"/> = Σⱼ ‖xⱼ − mean‖⁴,
    /// <paramref name="frobenius2"/> = ‖S‖²_F, <paramref name="trace"/> = tr S.
    /// </summary>
    public static double LedoitWolf(int n, int p, double beta0, double frobenius2, double trace)
    {
        var mu = trace / p;
        var beta = 1.0 / ((double)p * n) * (beta0 / n - frobenius2);
        var delta = (frobenius2 - 2 * mu * trace + p * mu * mu) / p;
        beta = Math.Min(beta, delta);
        return beta == 0 ? 0 : beta / delta;
    }

    /// <summary>
    /// Σ* = (1 − δ)·S + δ·(tr S / p)·I inverted (a 1e-12 ridge when tr S = 0). S of <paramref name="rows"/>
    /// samples has rank at most rows − 1; when rows − 1 &lt; p and δ is numerically zero (Ledoit–Wolf gives δ = 0
    /// for two samples, ± rounding) Σ* is singular, and its precision is the symmetric pseudo-inverse, as
    /// scikit-learn's get_precision (pinvh). Every other case is the plain inverse, bit for bit as before.
    /// </summary>
    public static Matrix<double> Precision(Matrix<double> s, double shrinkage, int rows)
    {
        var p = s.RowCount;
        var mu = s.Trace() / p;
        var shrunk = s * (1 - shrinkage) + Matrix<double>.Build.DenseIdentity(p) * (shrinkage * mu);
        if (mu == 0) shrunk += Matrix<double>.Build.DenseIdentity(p) * 1e-12;
        else if (rows - 1 < p && shrinkage <= p * Epsilon) return PseudoInverse(shrunk);
        return shrunk.Inverse();
    }

    /// <summary>numpy's float64 eps, 2⁻⁵².</summary>
    private static readonly double Epsilon = Math.BitIncrement(1.0) - 1.0;

    /// <summary>scipy's pinvh: eigenvalues with |λ| ≤ p·eps·max|λ| count as zero.</summary>
    private static Matrix<double> PseudoInverse(Matrix<double> s)
    {
        var evd = s.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(v => v.Real).ToArray();
        var cutoff = values.Max(Math.Abs) * s.RowCount * Epsilon;
        var inverse = Vector<double>.Build.Dense(values.Length, i => Math.Abs(values[i]) > cutoff ? 1 / values[i] : 0);
        return evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalVector(inverse) * evd.EigenVectors.Transpose();
    }

    public static double Frobenius2(Matrix<double> s) => s.Enumerate().Sum(v => v * v);

    /// <summary>Σⱼ ‖eⱼ + shift‖⁴ over the given centred rows.</summary>
    public static double FourthMoment(IEnumerable<double[]> centred, ReadOnlySpan<double> shift)
    {
        double beta0 = 0;
        foreach (var e in centred)
        {
            double g = 0;
            for (var k = 0; k < e.Length; k++) { var c = e[k] + shift[k]; g += c * c; }
            beta0 += g * g;
        }
        return beta0;
    }
}

/// <summary>Mahalanobis distance to a mean under a given precision matrix.</summary>
internal sealed class PrecisionScorer(Vector<double> mean, Matrix<double> precision) : IScorer
{
    public double Score(ReadOnlySpan<float> query)
    {
        var d = Vector<double>.Build.Dense(query.Length);
        for (var i = 0; i < query.Length; i++) d[i] = query[i] - mean[i];
        return Math.Sqrt(Math.Max(0, d * (precision * d)));
    }
}

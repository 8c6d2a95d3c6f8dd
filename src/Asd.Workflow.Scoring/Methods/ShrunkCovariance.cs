using MathNet.Numerics.LinearAlgebra;

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

    /// <summary>Σ* = (1 − δ)·S + δ·(tr S / p)·I inverted (a 1e-12 ridge when tr S = 0).</summary>
    public static Matrix<double> Precision(Matrix<double> s, double shrinkage)
    {
        var p = s.RowCount;
        var mu = s.Trace() / p;
        var shrunk = s * (1 - shrinkage) + Matrix<double>.Build.DenseIdentity(p) * (shrinkage * mu);
        if (mu == 0) shrunk += Matrix<double>.Build.DenseIdentity(p) * 1e-12;
        return shrunk.Inverse();
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

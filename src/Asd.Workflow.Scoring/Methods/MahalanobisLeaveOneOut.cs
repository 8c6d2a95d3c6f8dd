using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Asd.Workflow.Scoring.Methods;

/// <summary>
/// Closed-form leave-one-out of a fitted Mahalanobis bank. With S = VΛVᵀ (one symmetric eigendecomposition),
/// d = xᵢ − mean, a = n/(n−1) and b = n/(n−1)², the covariance without row i is S₋ᵢ = a·S − b·ddᵀ; its trace,
/// ‖S₋ᵢ‖²_F and Σ‖xⱼ − mean₋ᵢ‖⁴ (the Ledoit–Wolf statistics) follow from the full sample's moments, and the
/// shrunk covariance V((1−δ)aΛ + δμI)Vᵀ − (1−δ)b·ddᵀ is inverted by Sherman–Morrison. O(p²) per left-out row.
/// </summary>
internal sealed class MahalanobisLeaveOneOut
{
    private const double MinConditioning = 1e-10;

    private readonly double[][] _centred;
    private readonly Vector<double> _mean;
    private readonly Matrix<double> _vectors;
    private readonly Vector<double> _values;
    private readonly Vector<double> _thirdMoment;   // Σⱼ ‖eⱼ‖² eⱼ
    private readonly double _trace, _frobenius2, _beta0, _requested;

    public MahalanobisLeaveOneOut(double[][] centred, Vector<double> mean, Matrix<double> s, double beta0, double requested)
    {
        (_centred, _mean, _beta0, _requested) = (centred, mean, beta0, requested);
        Evd<double> evd = s.Evd(Symmetricity.Symmetric);
        _vectors = evd.EigenVectors;
        _values = Vector<double>.Build.Dense(s.RowCount, k => evd.EigenValues[k].Real);
        _trace = s.Trace();
        _frobenius2 = ShrunkCovariance.Frobenius2(s);
        _thirdMoment = Vector<double>.Build.Dense(s.RowCount);
        foreach (var e in centred)
        {
            var v = Vector<double>.Build.Dense(e);
            _thirdMoment.Add(v * (v * v), _thirdMoment);
        }
    }

    /// <summary>The scorer of the bank without row <paramref name="row"/>, or null when the downdate is ill-conditioned.</summary>
    public IScorer? Without(int row)
    {
        var n = (double)_centred.Length;
        var p = _mean.Count;
        var d = Vector<double>.Build.Dense(_centred[row]);
        var w = _vectors.TransposeThisAndMultiply(d);
        double t = 1 / (n - 1), a = n / (n - 1), b = n / ((n - 1) * (n - 1));
        var dd = d * d;
        var dsd = 0.0;
        for (var k = 0; k < p; k++) dsd += _values[k] * w[k] * w[k];
        var trace = a * _trace - b * dd;
        var frobenius2 = a * a * _frobenius2 - 2 * a * b * dsd + b * b * dd * dd;
        var beta0 = _beta0 + 4 * t * t * n * dsd + n * Math.Pow(t, 4) * dd * dd + 4 * t * (_thirdMoment * d)
            + 2 * t * t * dd * n * _trace - dd * dd * Math.Pow(1 + t, 4);
        var delta = _requested >= 0 ? _requested : ShrunkCovariance.LedoitWolf(_centred.Length - 1, p, beta0, frobenius2, trace);
        var mu = trace / p;
        var diagonal = _values.Map(l => (1 - delta) * a * l + delta * mu);
        var c = (1 - delta) * b;
        var qdd = 0.0;
        for (var k = 0; k < p; k++) qdd += w[k] * w[k] / diagonal[k];
        var denominator = 1 - c * qdd;
        if (mu == 0 || diagonal.Minimum() <= MinConditioning * diagonal.Maximum() || denominator <= MinConditioning) return null;
        return new Scorer(this, _mean - d * t, w, diagonal, c / denominator);
    }

    /// <summary>yᵀΣ*₋ᵢ⁻¹y = Σ zₖ²/ℓₖ + c′·(Σ zₖwₖ/ℓₖ)² with z = Vᵀy, c′ = c / (1 − c·Σ wₖ²/ℓₖ).</summary>
    private sealed class Scorer(MahalanobisLeaveOneOut fit, Vector<double> mean, Vector<double> w, Vector<double> diagonal, double correction) : IScorer
    {
        public double Score(ReadOnlySpan<float> query)
        {
            var y = Vector<double>.Build.Dense(query.Length);
            for (var i = 0; i < query.Length; i++) y[i] = query[i] - mean[i];
            var z = fit._vectors.TransposeThisAndMultiply(y);
            double qyy = 0, qyd = 0;
            for (var k = 0; k < z.Count; k++) { qyy += z[k] * z[k] / diagonal[k]; qyd += z[k] * w[k] / diagonal[k]; }
            return Math.Sqrt(Math.Max(0, qyy + correction * qyd * qyd));
        }
    }
}

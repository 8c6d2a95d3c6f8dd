using Asd.Workflow.Scoring.Methods;
using MathNet.Numerics.LinearAlgebra;

namespace Asd.Workflow.Scoring.Tests.Methods.Reference;

// The version-1 scorers, kept verbatim as the reference the fast paths are tested against.

/// <summary>Version-1 kNN: every distance in double, all sorted.</summary>
internal sealed class ReferenceKnnScorer : IScorer
{
    private readonly float[][] _bank;
    private readonly int _k;
    private readonly bool _cosine;

    public ReferenceKnnScorer(IReadOnlyList<float[]> bank, int k, bool cosine)
    {
        _cosine = cosine;
        _k = Math.Min(k, bank.Count);
        _bank = bank.Select(b => cosine ? KnnScorer.Normalize(b) : b).ToArray();
    }

    public double Score(ReadOnlySpan<float> query)
    {
        var q = _cosine ? KnnScorer.Normalize(query.ToArray()) : query.ToArray();
        var distances = new double[_bank.Length];
        for (var i = 0; i < _bank.Length; i++) distances[i] = Distance(q, _bank[i]);
        Array.Sort(distances);
        double sum = 0;
        for (var i = 0; i < _k; i++) sum += distances[i];
        return sum / _k;
    }

    private double Distance(float[] a, float[] b)
    {
        double acc = 0;
        if (_cosine)
        {
            for (var i = 0; i < a.Length; i++) acc += (double)a[i] * b[i];
            return 1 - acc;
        }
        for (var i = 0; i < a.Length; i++) { var d = (double)a[i] - b[i]; acc += d * d; }
        return Math.Sqrt(acc);
    }
}

/// <summary>Version-1 frame matching: brute force with early exit.</summary>
internal sealed class ReferenceLocalizedScorer(IReadOnlyList<float[]> bankClips, int dims, int top) : IScorer
{
    private readonly float[][] _frames = bankClips.SelectMany(c => Split(c, dims)).ToArray();

    public double Score(ReadOnlySpan<float> query)
    {
        var frames = Split(query.ToArray(), dims).ToList();
        var nearest = new double[frames.Count];
        for (var f = 0; f < frames.Count; f++)
        {
            var best = double.MaxValue;
            foreach (var b in _frames)
            {
                double acc = 0;
                for (var i = 0; i < dims && acc < best; i++) { var d = (double)frames[f][i] - b[i]; acc += d * d; }
                if (acc < best) best = acc;
            }
            nearest[f] = Math.Sqrt(best);
        }
        Array.Sort(nearest);
        var k = Math.Min(top, nearest.Length);
        double sum = 0;
        for (var i = nearest.Length - k; i < nearest.Length; i++) sum += nearest[i];
        return k == 0 ? 0 : sum / k;
    }

    private static IEnumerable<float[]> Split(float[] clip, int dims)
    {
        for (var o = 0; o + dims <= clip.Length; o += dims) yield return clip[o..(o + dims)];
    }
}

/// <summary>Version-1 Mahalanobis: a full refit (covariance, Ledoit–Wolf, inverse) per bank.</summary>
internal sealed class ReferenceMahalanobisScorer : IScorer
{
    private readonly Vector<double> _mean;
    private readonly Matrix<double> _precision;

    public ReferenceMahalanobisScorer(IReadOnlyList<float[]> bank, double shrinkage)
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
        // singular (two samples: Ledoit–Wolf δ = 0): scikit-learn's pinvh; here MathNet's SVD pseudo-inverse
        _precision = mu != 0 && n - 1 < p && Shrinkage <= p * (Math.BitIncrement(1.0) - 1.0) ? shrunk.PseudoInverse() : shrunk.Inverse();
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

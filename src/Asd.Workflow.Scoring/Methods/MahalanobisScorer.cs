using MathNet.Numerics.LinearAlgebra;

namespace Asd.Workflow.Scoring.Methods;

/// <summary>
/// Mahalanobis distance to the bank mean under a shrunk covariance Σ* = (1 − δ)·S + δ·(tr S / p)·I, where S
/// is the maximum-likelihood covariance and δ is either fixed or the Ledoit–Wolf estimate (the formula of
/// scikit-learn's ledoit_wolf_shrinkage).
/// </summary>
/// <remarks>
/// One fit per bank. Out-of-fold scorers downdate it instead of refitting: one row left out goes through
/// <see cref="MahalanobisLeaveOneOut"/> (closed form, O(p²) per row); several rows downdate the scatter matrix
/// by their outer products and the mean shift (rank r + 1, O(r·p² + p³)). The Ledoit–Wolf intensity of the
/// reduced sample is recomputed exactly from its sufficient statistics — not the full sample's. Tolerance:
/// scores agree with a refit on the remaining rows within a relative 1e-9 (tests: 200 × 128 and more); banks
/// left with fewer than 3 rows, and ill-conditioned downdates, are refitted. Sums run in a fixed order on one
/// thread, so scores are the same bytes on every run.
/// </remarks>
public sealed class MahalanobisScorer : IBankScorer
{
    internal const int MinDowndateRows = 3;

    private readonly IReadOnlyList<float[]> _bank;
    private readonly double[][] _centred;   // eⱼ = xⱼ − mean
    private readonly Vector<double> _mean;
    private readonly Matrix<double> _scatter; // Σ eⱼeⱼᵀ = n·S
    private readonly double _requested;
    private readonly PrecisionScorer _full;
    private readonly Lazy<MahalanobisLeaveOneOut> _leaveOneOut;

    public MahalanobisScorer(IReadOnlyList<float[]> bank, double shrinkage)
    {
        (_bank, _requested) = (bank, shrinkage);
        var n = bank.Count;
        var p = bank[0].Length;
        var x = Matrix<double>.Build.Dense(n, p, (i, j) => bank[i][j]);
        _mean = x.ColumnSums() / n;
        var centred = x - Matrix<double>.Build.Dense(n, p, (_, j) => _mean[j]);
        _centred = Enumerable.Range(0, n).Select(i => centred.Row(i).ToArray()).ToArray();
        _scatter = centred.TransposeThisAndMultiply(centred);
        var s = _scatter / n;
        var beta0 = ShrunkCovariance.FourthMoment(_centred, new double[p]);
        Shrinkage = shrinkage >= 0 ? shrinkage : ShrunkCovariance.LedoitWolf(n, p, beta0, ShrunkCovariance.Frobenius2(s), s.Trace());
        _full = new PrecisionScorer(_mean, ShrunkCovariance.Precision(s, Shrinkage, n));
        _leaveOneOut = new(() => new MahalanobisLeaveOneOut(_centred, _mean, s, beta0, shrinkage));
    }

    /// <summary>The shrinkage intensity δ of the whole bank.</summary>
    public double Shrinkage { get; }

    public int Count => _bank.Count;

    public double Score(ReadOnlySpan<float> query) => _full.Score(query);

    public IScorer Without(IReadOnlyList<int> rows)
    {
        if (rows.Count == 0) return _full;
        if (Count - rows.Count < MinDowndateRows) return Refit(rows);
        if (rows.Count == 1) return _leaveOneOut.Value.Without(rows[0]) ?? Refit(rows);
        return Downdate(rows);
    }

    /// <summary>Rank r + 1 downdate: Σ_{j∉F} (xⱼ − m′)(xⱼ − m′)ᵀ = Σ eeᵀ − Σ_F eeᵀ − s·sᵀ/n′ with s = Σ_F e.</summary>
    private PrecisionScorer Downdate(IReadOnlyList<int> rows)
    {
        var p = _mean.Count;
        var remaining = Count - rows.Count;
        var left = Matrix<double>.Build.Dense(rows.Count, p, (i, j) => _centred[rows[i]][j]);
        var sum = left.ColumnSums();
        var scatter = _scatter - left.TransposeThisAndMultiply(left) - sum.OuterProduct(sum) / remaining;
        var s = scatter / remaining;
        var excluded = rows.ToHashSet();
        var shift = (sum / remaining).ToArray();
        var beta0 = ShrunkCovariance.FourthMoment(_centred.Where((_, j) => !excluded.Contains(j)), shift);
        var shrinkage = _requested >= 0 ? _requested
            : ShrunkCovariance.LedoitWolf(remaining, p, beta0, ShrunkCovariance.Frobenius2(s), s.Trace());
        return new PrecisionScorer(_mean - sum / remaining, ShrunkCovariance.Precision(s, shrinkage, remaining));
    }

    private IScorer Refit(IReadOnlyList<int> rows)
    {
        var excluded = rows.ToHashSet();
        return new MahalanobisScorer(_bank.Where((_, j) => !excluded.Contains(j)).ToList(), _requested)._full;
    }
}

using MathNet.Numerics.Statistics;

namespace Asd.Workflow.Scoring.Calibration;

/// <summary>
/// The train-normal empirical CDF F(x) = |{u ∈ T : u ≤ x}| / |T|, and quantiles with linear interpolation
/// (NumPy's default, MathNet's R7).
/// </summary>
public sealed class Ecdf
{
    private readonly double[] _sorted;

    public Ecdf(IEnumerable<double> reference)
    {
        _sorted = reference.ToArray();
        Array.Sort(_sorted);
        if (_sorted.Length == 0) throw new ArgumentException("an empirical CDF needs at least one reference value");
    }

    public IReadOnlyList<double> Sorted => _sorted;

    public double Cdf(double x)
    {
        // upper bound: first index with value > x
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sorted[mid] <= x) lo = mid + 1; else hi = mid;
        }
        return lo / (double)_sorted.Length;
    }

    public double Quantile(double tau) => Quantile(_sorted, tau);

    public static double Quantile(IEnumerable<double> values, double tau) =>
        Statistics.QuantileCustom(values.ToArray(), tau, QuantileDefinition.R7);
}

using MathNet.Numerics.Statistics;

namespace Asd.Workflow.Scoring.Calibration;

/// <summary>
/// The train-normal empirical CDF F(x) = |{u ∈ T : u ≤ x}| / |T|, its fold-safe form for a member of T
/// (<see cref="CdfWithout"/>: the member's own value left out of its reference), and quantiles with linear
/// interpolation (NumPy's default, MathNet's R7; used for the robust-z median and IQR only — tails and
/// decisions use <see cref="TrainTail"/>). <see cref="Cdf(double, bool)"/> is the one place that chooses
/// between the two forms: every activity that evaluates train clips against their own train reference asks it.
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

    public int Count => _sorted.Length;

    /// <summary>F(x): the share of reference values ≤ x.</summary>
    public double Cdf(double x) => CountAtMost(x) / (double)_sorted.Length;

    /// <summary>
    /// The level of <paramref name="x"/> on this reference's scale: F₋ᵢ(x) (<see cref="CdfWithout"/>) when x is a
    /// member's own value (a train clip evaluated against the train clips, itself left out), F(x) when it is
    /// outside the reference (a test clip).
    /// </summary>
    public double Cdf(double x, bool member) => member ? CdfWithout(x) : Cdf(x);

    /// <summary>
    /// F₋ᵢ(xᵢ) for a reference member xᵢ: the share of the other n − 1 reference values ≤ xᵢ, so a train clip's
    /// own score is never in its reference (as a test clip's is not). 0 when the member is the only value.
    /// </summary>
    public double CdfWithout(double member)
    {
        var atMost = CountAtMost(member);
        if (atMost == 0 || _sorted[atMost - 1] != member)
            throw new ArgumentException($"{member} is not a reference value");
        return _sorted.Length == 1 ? 0 : (atMost - 1) / (double)(_sorted.Length - 1);
    }

    /// <summary>
    /// The sorted reference with one copy of <paramref name="member"/> removed (the fold-safe reference of a train
    /// clip), as a view: O(log n) to make, O(1) per element, no copy. Which copy of a tied value is removed does not
    /// matter: the remaining sorted values are the same.
    /// </summary>
    public IReadOnlyList<double> SortedWithout(double member)
    {
        if (_sorted.Length == 1) throw new ArgumentException("an empirical CDF needs at least one reference value besides the left-out one");
        var index = Array.BinarySearch(_sorted, member);
        if (index < 0) throw new ArgumentException($"{member} is not a reference value");
        return new LeftOut(_sorted, index);
    }

    public double Quantile(double tau) => Quantile(_sorted, tau);

    public static double Quantile(IEnumerable<double> values, double tau) =>
        Statistics.QuantileCustom(values.ToArray(), tau, QuantileDefinition.R7);

    // upper bound: the number of reference values ≤ x (first index with value > x)
    private int CountAtMost(double x)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sorted[mid] <= x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private sealed class LeftOut(double[] sorted, int index) : IReadOnlyList<double>
    {
        public int Count => sorted.Length - 1;

        public double this[int i] => (uint)i < (uint)Count ? sorted[i < index ? i : i + 1] : throw new ArgumentOutOfRangeException(nameof(i));

        public IEnumerator<double> GetEnumerator()
        {
            for (var i = 0; i < Count; i++) yield return this[i];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

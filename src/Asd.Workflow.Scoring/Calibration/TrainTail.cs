namespace Asd.Workflow.Scoring.Calibration;

/// <summary>
/// The one definition of "the train-normal upper tail at level q", used by decisions (fuse), the guard and
/// the tail calibration: x is in the tail when F(x) ≥ q, F the train-normal empirical CDF (for a train clip
/// its fold-safe form F₋ᵢ). Equivalently x ≥ <see cref="Threshold"/>, the smallest reference value u with
/// F(u) ≥ q; the equivalence is exact, not within a tolerance, because the threshold is found with the same
/// floating-point comparison that <see cref="Contains"/> makes.
/// </summary>
public sealed class TrainTail
{
    public TrainTail(Ecdf reference, double q)
    {
        (Reference, Q) = (reference, q);
        Threshold = ThresholdOf(reference.Sorted, q);
    }

    public Ecdf Reference { get; }

    public double Q { get; }

    /// <summary>The smallest reference value in the tail; null when q = 0 (every value, below the reference too, is in it).</summary>
    public double? Threshold { get; }

    /// <summary>The one inequality: a CDF level is in the tail when it is ≥ q.</summary>
    public static bool IsTail(double cdf, double q) => cdf >= q;

    /// <summary>
    /// Whether <paramref name="x"/> is in the tail: a reference member (a train clip) in the tail of the other
    /// reference values, a clip outside the reference (a test clip) in the tail of all of them
    /// (<see cref="Ecdf.Cdf(double, bool)"/>).
    /// </summary>
    public bool Contains(double x, bool member) => IsTail(Reference.Cdf(x, member), Q);

    /// <summary>
    /// The smallest value of an ascending reference whose F is in the tail at level q; null when q = 0. O(1) element
    /// reads beyond the first guess, so a view of the reference (<see cref="Ecdf.SortedWithout"/>) costs no copy.
    /// </summary>
    public static double? ThresholdOf(IReadOnlyList<double> sorted, double q)
    {
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "a tail level is in [0, 1]");
        var n = sorted.Count;
        if (IsTail(0, q)) return null;
        // smallest count k with k / n ≥ q, under the same division and comparison as Ecdf.Cdf and IsTail
        var k = Math.Clamp((int)Math.Ceiling(q * n), 1, n);
        while (k > 1 && IsTail((k - 1) / (double)n, q)) k--;
        while (k < n && !IsTail(k / (double)n, q)) k++;
        return sorted[k - 1];
    }
}

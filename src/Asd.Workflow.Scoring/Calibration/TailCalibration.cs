namespace Asd.Workflow.Scoring.Calibration;

/// <summary>
/// Tail calibration (the seed's Table 1 component "Tail calibration — train-normal score tails"): maps the
/// upper train-normal tail of a fused score onto a fixed scale, so that a penalty on the empirical-tail scale
/// means the same in every section. With t the tail threshold at level q (<see cref="TrainTail"/>) and m the
/// largest train-normal score, a score x ≥ t becomes t + scale·(x − t)/(m − t); scores below t are unchanged.
/// The map is continuous and strictly increasing, so on its own it changes no ranking; the train tail
/// [t, m] always spans exactly <c>scale</c>. A train clip is mapped with the statistics of the other train
/// clips (fold-safe). When the tail is degenerate (q = 0 or m = t) the map is the identity.
/// </summary>
public sealed record TailCalibration(double Q, double Scale, double? Threshold, double? Max)
{
    public static TailCalibration Fit(Ecdf reference, double q, double scale) => Fit(reference.Sorted, q, scale);

    /// <summary>Maps a clip outside the reference (a test clip).</summary>
    public double Apply(double x) =>
        Threshold is { } t && Max is { } m && x >= t ? t + Scale * (x - t) / (m - t) : x;

    /// <summary>
    /// Maps a reference member (a train clip) with the statistics of the other reference values. O(log n): the
    /// others are a view of the reference (<see cref="Ecdf.SortedWithout"/>), and the fit reads two of their
    /// values, so mapping every member is O(n log n); the result is exactly that of a fit on a copy without it.
    /// </summary>
    public static double ApplyToMember(Ecdf reference, double member, double q, double scale) =>
        reference.Count < 2 ? member : Fit(reference.SortedWithout(member), q, scale).Apply(member);

    private static TailCalibration Fit(IReadOnlyList<double> sorted, double q, double scale)
    {
        var max = sorted[^1];
        return TrainTail.ThresholdOf(sorted, q) is { } t && max > t ? new(q, scale, t, max) : new(q, scale, null, null);
    }
}

using Asd.Workflow.Scoring.Calibration;

namespace Asd.Workflow.Scoring.Tests.Calibration;

public sealed class TailCalibrationTests
{
    private static readonly Ecdf Reference = new(Enumerable.Range(0, 20).Select(i => i / 10.0)); // 0 … 1.9, tail from 1.8

    [Fact]
    public void Apply_BelowTheTail_Unchanged_TailSpansTheFixedScale()
    {
        var cal = TailCalibration.Fit(Reference, 0.95, 0.5);
        Assert.Equal(1.8, cal.Threshold);
        Assert.Equal(1.9, cal.Max);
        Assert.Equal(1.7, cal.Apply(1.7));                       // below the tail: untouched
        Assert.Equal(-4.0, cal.Apply(-4.0));
        Assert.Equal(1.8, cal.Apply(1.8), 12);                   // continuous at t
        Assert.Equal(2.3, cal.Apply(1.9), 12);                   // train maximum → t + scale
        Assert.Equal(2.8, cal.Apply(2.0), 12);                   // linear beyond the train maximum
    }

    [Fact]
    public void Apply_SameTailDifferentWidths_LandsOnTheSameScale()
    {
        var narrow = TailCalibration.Fit(new Ecdf(Enumerable.Range(0, 20).Select(i => i / 10.0)), 0.95, 1);
        var wide = TailCalibration.Fit(new Ecdf(Enumerable.Range(0, 19).Select(i => i / 10.0).Append(11.8)), 0.95, 1);
        Assert.Equal(narrow.Apply(1.9) - narrow.Threshold!.Value, wide.Apply(11.8) - wide.Threshold!.Value, 12); // both tails span 1
    }

    [Fact]
    public void Apply_IsStrictlyIncreasing()
    {
        var cal = TailCalibration.Fit(Reference, 0.9, 2);
        var xs = Enumerable.Range(-50, 300).Select(i => i / 100.0).ToArray();
        for (var i = 1; i < xs.Length; i++) Assert.True(cal.Apply(xs[i]) > cal.Apply(xs[i - 1]), $"at {xs[i]}");
    }

    [Fact]
    public void ApplyToMember_TheTrainMaximum_IsMappedWithTheOtherTrainValues()
    {
        // the others are 0 … 1.8: at q = 0.95, F(1.7) = 18/19 < 0.95, so t = 1.8 = their maximum: a degenerate tail, the identity.
        Assert.Equal(1.9, TailCalibration.ApplyToMember(Reference, 1.9, 0.95, 1));
        // at q = 0.9 without 1.9: t = 1.7 (F = 18/19 ≥ 0.9), max 1.8, so 1.9 → 1.7 + (1.9 − 1.7)/0.1 = 3.7, above t + scale = 2.7
        Assert.Equal(3.7, TailCalibration.ApplyToMember(Reference, 1.9, 0.9, 1), 12);
        Assert.NotEqual(TailCalibration.Fit(Reference, 0.9, 1).Apply(1.9), TailCalibration.ApplyToMember(Reference, 1.9, 0.9, 1));
    }

    public static IEnumerable<object[]> MemberCases() =>
        from n in new[] { 1, 2, 3, 5, 20, 21, 45, 200 }
        from q in new[] { 0.0, 0.05, 0.5, 0.9, 0.95, 0.99, 1.0 }
        from ties in new[] { false, true }
        select new object[] { n, q, ties };

    [Theory]
    [MemberData(nameof(MemberCases))]
    public void ApplyToMember_EveryMember_BitEqualToAFitOnACopyWithoutIt(int n, double q, bool ties)
    {
        var rng = new Random(n * 7919 + (int)(q * 1000) + (ties ? 1 : 0));
        // ties: few distinct values (one decimal), so members share values with each other, the threshold and the maximum
        var values = Enumerable.Range(0, n).Select(_ => ties ? Math.Round(rng.NextDouble() * 2, 1) : rng.NextDouble() * 10 - 5).ToArray();
        var reference = new Ecdf(values);
        foreach (var member in values)
        {
            var expected = OldApplyToMember(values, member, q, 0.7);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(TailCalibration.ApplyToMember(reference, member, q, 0.7)));
        }
    }

    // the algorithm before the O(n log n) one, written out: copy the reference without one copy of the member, find
    // the tail threshold and maximum of the copy, and apply the map t + scale·(x − t)/(m − t) from x ≥ t
    private static double OldApplyToMember(double[] values, double member, double q, double scale)
    {
        if (values.Length < 2) return member;
        var rest = values.ToList();
        rest.RemoveAt(rest.IndexOf(member));
        var copy = new Ecdf(rest);
        var (threshold, max) = (new TrainTail(copy, q).Threshold, copy.Sorted[^1]);
        return threshold is { } t && max > t && member >= t ? t + scale * (member - t) / (max - t) : member;
    }
}

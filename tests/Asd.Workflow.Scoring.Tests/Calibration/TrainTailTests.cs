using Asd.Workflow.Scoring.Calibration;

namespace Asd.Workflow.Scoring.Tests.Calibration;

public sealed class TrainTailTests
{
    public static IEnumerable<object[]> Cases() =>
        from n in new[] { 1, 2, 7, 20, 21, 40, 45, 100, 1000 }
        from q in new[] { 0.05, 1.0 / 3, 0.5, 0.9, 0.95, 0.99, 1.0 }
        select new object[] { n, q };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Contains_AtAndBesideEveryReferenceValue_AgreesWithThresholdAndCdf(int n, double q)
    {
        var rng = new Random(n * 31 + (int)(q * 1000));
        var values = Enumerable.Range(0, n).Select(_ => Math.Round(rng.NextDouble() * 10, 1)).ToArray(); // ties on purpose
        var tail = new TrainTail(new Ecdf(values), q);
        var t = tail.Threshold!.Value;
        foreach (var v in values.SelectMany(v => new[] { Math.BitDecrement(v), v, Math.BitIncrement(v) }))
        {
            Assert.Equal(v >= t, tail.Contains(v, member: false));
            Assert.Equal(tail.Reference.Cdf(v) >= q, tail.Contains(v, member: false));
        }
        Assert.True(tail.Reference.Cdf(t) >= q);                    // the threshold is in the tail …
        Assert.True(tail.Reference.Cdf(Math.BitDecrement(t)) < q);  // … and nothing below it is
    }

    [Fact]
    public void Threshold_TwentyValuesAtNinetyFive_IsTheNineteenthValueNotAnInterpolatedQuantile()
    {
        var values = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();
        var tail = new TrainTail(new Ecdf(values), 0.95);
        Assert.Equal(18, tail.Threshold);            // F(18) = 19/20 = 0.95 ≥ 0.95; the R7 quantile would be 18.05
        Assert.True(tail.Contains(18, member: false));
        Assert.False(tail.Contains(17.999, member: false));
        Assert.NotEqual(Ecdf.Quantile(values, 0.95), tail.Threshold);
    }

    [Fact]
    public void Contains_Member_OwnValueLeftOut_TheLowestTailMemberDropsOut()
    {
        var tail = new TrainTail(new Ecdf(Enumerable.Range(0, 20).Select(i => (double)i)), 0.95);
        Assert.True(tail.Contains(18, member: false));              // a test clip scoring 18: 19 of 20 train values ≤ 18
        Assert.False(tail.Contains(18, member: true));       // the train clip scoring 18: 18 of the other 19 ≤ 18 = 0.947
        Assert.True(tail.Contains(19, member: true));
    }

    [Fact]
    public void Threshold_QZero_IsNullAndEverythingIsInTheTail()
    {
        var tail = new TrainTail(new Ecdf([1.0, 2.0]), 0);
        Assert.Null(tail.Threshold);
        Assert.True(tail.Contains(-1e300, member: false));
    }

    [Fact]
    public void ThresholdOf_QOutsideZeroToOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainTail.ThresholdOf([1.0, 2.0], 1.5));
}

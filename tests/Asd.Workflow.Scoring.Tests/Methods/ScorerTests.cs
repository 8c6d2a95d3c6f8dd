using Asd.Workflow.Scoring.Activities.Score;
using Asd.Workflow.Scoring.Calibration;
using Asd.Workflow.Scoring.Methods;

namespace Asd.Workflow.Scoring.Tests.Methods;

public sealed class ScorerTests
{
    [Fact]
    public void Knn_Cosine_IsOneMinusCosineToTheNearestBankVector()
    {
        var scorer = new KnnScorer([[1f, 0f], [0f, 2f]], k: 1, cosine: true);
        Assert.Equal(1 - Math.Cos(Math.PI / 6), scorer.Score([(float)Math.Cos(Math.PI / 6), 0.5f]), 1e-6);
        Assert.Equal(0.0, scorer.Score([0f, 5f]), 1e-7);
    }

    [Fact]
    public void Knn_EuclideanK2_AveragesTheTwoNearestDistances()
    {
        var scorer = new KnnScorer([[0f, 0f], [3f, 4f], [10f, 10f]], k: 2, cosine: false);
        Assert.Equal((0 + 5) / 2.0, scorer.Score([0f, 0f]), 1e-12);
    }

    [Fact]
    public void Mahalanobis_FullShrinkage_IsEuclideanOverTheMeanVarianceScale()
    {
        float[][] bank = [[1f, 2f], [3f, 1f], [2f, 5f], [0f, 0f]];
        var scorer = new MahalanobisScorer(bank, shrinkage: 1);
        // mean (1.5, 2); per-dimension ML variances 1.25 and 3.5 → tr(S)/p = 2.375
        var expected = Math.Sqrt((0.5 * 0.5 + 1.0) / 2.375);
        Assert.Equal(expected, scorer.Score([2f, 3f]), 1e-9);
    }

    [Fact]
    public void Mahalanobis_LedoitWolf_ShrinkageInUnitInterval()
    {
        var rng = new Random(1);
        var bank = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, 20).Select(_ => (float)rng.NextDouble()).ToArray()).ToList();
        var scorer = new MahalanobisScorer(bank, shrinkage: -1);
        Assert.InRange(scorer.Shrinkage, 0.01, 1.0);
    }

    [Fact]
    public void Localized_ShortAnomalousEvent_ScoresAboveMatchingFrames()
    {
        float[] normal = [0f, 0f, 1f, 1f, 0f, 0f];
        var scorer = new LocalizedScorer([normal], dims: 2, top: 1);
        Assert.Equal(0, scorer.Score([1f, 1f, 0f, 0f, 0f, 0f]), 1e-12);
        Assert.Equal(Math.Sqrt(8), scorer.Score([0f, 0f, 3f, 3f, 0f, 0f]), 1e-9);
    }

    [Fact]
    public void Assign_FoldsPerDomain_AreBalancedAndSeeded()
    {
        var domains = Enumerable.Range(0, 100).Select(i => i < 90 ? "source" : "target").ToList();
        var a = FoldAssignment.Assign(domains, 5, 0);
        Assert.Equal(a, FoldAssignment.Assign(domains, 5, 0));
        Assert.NotEqual(a, FoldAssignment.Assign(domains, 5, 1));
        Assert.All(Enumerable.Range(0, 5), f => Assert.Equal(2, Enumerable.Range(90, 10).Count(i => a[i] == f)));
    }

    [Fact]
    public void RobustZ_UsesLinearInterpolationQuantiles()
    {
        var z = RobustZ.Fit("all", [1, 2, 3, 4, 10], 0);
        Assert.Equal(3, z.Median);
        Assert.Equal(2, z.Iqr); // R7: q25 = 2, q75 = 4
        Assert.Equal(3.5, z.Apply(10));
    }

    [Fact]
    public void Ecdf_CountsValuesAtOrBelow()
    {
        var f = new Ecdf([3, 1, 2, 2]);
        Assert.Equal(0, f.Cdf(0.5));
        Assert.Equal(0.75, f.Cdf(2));
        Assert.Equal(1, f.Cdf(9));
    }
}

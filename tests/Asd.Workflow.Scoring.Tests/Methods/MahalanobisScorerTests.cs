using Asd.Workflow.Scoring.Methods;
using Asd.Workflow.Scoring.Tests.Methods.Reference;
using static Asd.Workflow.Scoring.Tests.Methods.Reference.Embeddings;

namespace Asd.Workflow.Scoring.Tests.Methods;

/// <summary>Downdated Mahalanobis scorers must agree with a refit on the remaining rows within the declared 1e-9 relative.</summary>
public sealed class MahalanobisScorerTests
{
    private const double Tolerance = 1e-9;

    [Theory]
    [InlineData(200, 128, -1.0)]
    [InlineData(200, 128, 0.1)]
    [InlineData(60, 100, -1.0)]
    [InlineData(90, 37, 0.0)]
    public void Without_OneRow_MatchesRefitWithinTolerance(int rows, int dims, double shrinkage)
    {
        var bank = Correlated(rows, dims, seed: rows + dims);
        var scorer = new MahalanobisScorer(bank, shrinkage);
        var probes = Correlated(3, dims, seed: 1);
        foreach (var i in new[] { 0, 1, rows / 2, rows - 1 })
        {
            var reference = new ReferenceMahalanobisScorer(bank.Where((_, j) => j != i).ToList(), shrinkage);
            var fast = scorer.Without([i]);
            foreach (var q in probes.Append(bank[i])) AssertClose(reference.Score(q), fast.Score(q));
        }
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(0.3)]
    public void Without_Fold_MatchesRefitWithinTolerance(double shrinkage)
    {
        var bank = Correlated(200, 128, seed: 2);
        var scorer = new MahalanobisScorer(bank, shrinkage);
        var fold = Enumerable.Range(0, 200).Where(i => i % 5 == 3).ToList();
        var reference = new ReferenceMahalanobisScorer(bank.Where((_, j) => !fold.Contains(j)).ToList(), shrinkage);
        var fast = scorer.Without(fold);
        foreach (var i in fold.Take(20)) AssertClose(reference.Score(bank[i]), fast.Score(bank[i]));
    }

    [Fact]
    public void Constructor_FullBank_MatchesReferenceWithinTolerance()
    {
        var bank = Correlated(200, 128, seed: 3);
        var reference = new ReferenceMahalanobisScorer(bank, -1);
        var scorer = new MahalanobisScorer(bank, -1);
        Assert.Equal(reference.Shrinkage, scorer.Shrinkage, 1e-12);
        foreach (var q in Correlated(10, 128, seed: 4)) AssertClose(reference.Score(q), scorer.Score(q));
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(4, 1)]
    [InlineData(5, 2)]
    [InlineData(2, 1)]
    public void Without_SmallBanks_MatchesRefitWithinTolerance(int rows, int left)
    {
        var bank = Correlated(rows, 6, seed: rows);
        var leftOut = Enumerable.Range(0, left).ToList();
        var reference = new ReferenceMahalanobisScorer(bank.Skip(left).ToList(), -1);
        var fast = new MahalanobisScorer(bank, -1).Without(leftOut);
        foreach (var q in bank.Take(left).Concat(Correlated(2, 6, seed: 9))) AssertClose(reference.Score(q), fast.Score(q));
    }

    [Fact]
    public void Without_DuplicateRows_MatchesRefitWithinTolerance()
    {
        var distinct = Correlated(40, 16, seed: 5);
        var bank = distinct.Concat(distinct.Take(10)).ToList();
        var scorer = new MahalanobisScorer(bank, -1);
        foreach (var i in new[] { 0, 45 })
            AssertClose(new ReferenceMahalanobisScorer(bank.Where((_, j) => j != i).ToList(), -1).Score(bank[i]), scorer.Without([i]).Score(bank[i]));
    }

    [Theory]
    [InlineData(2, 6)]
    [InlineData(2, 128)]
    [InlineData(3, 64)]
    public void TinyBank_BelowItsDimension_ScoresFinite(int rows, int dims)
    {
        // two clips give Ledoit–Wolf δ = 0 and a singular covariance: the plain inverse gave NaN or ±∞ scores
        var bank = Correlated(rows, dims, seed: rows * dims);
        var scorer = new MahalanobisScorer(bank, -1);
        var reference = new ReferenceMahalanobisScorer(bank, -1);
        foreach (var q in bank.Concat(Correlated(3, dims, seed: 11)))
        {
            var score = scorer.Score(q);
            Assert.True(double.IsFinite(score), $"score {score} for a bank of {rows} × {dims}");
            AssertClose(reference.Score(q), score);
        }
        var fold = new MahalanobisScorer(Correlated(rows + 1, dims, seed: 3), -1).Without([0]); // a fold leaving `rows`
        Assert.All(Correlated(3, dims, seed: 12), q => Assert.True(double.IsFinite(fold.Score(q))));
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True((double.IsNaN(expected) && double.IsNaN(actual)) || Math.Abs(expected - actual) <= Tolerance * Math.Abs(expected), $"expected {expected:R}, got {actual:R} (relative {Math.Abs(expected - actual) / Math.Abs(expected):E2})");
}

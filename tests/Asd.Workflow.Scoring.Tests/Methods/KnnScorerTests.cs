using Asd.Workflow.Scoring.Methods;
using Asd.Workflow.Scoring.Tests.Methods.Reference;
using static Asd.Workflow.Scoring.Tests.Methods.Reference.Embeddings;

namespace Asd.Workflow.Scoring.Tests.Methods;

/// <summary>The screened kNN is declared exact: every score must equal the version-1 path to the last bit.</summary>
public sealed class KnnScorerTests
{
    public static IEnumerable<object[]> Shapes() =>
    [
        [200, 128, 1, true], [200, 128, 1, false], [200, 128, 5, true], [200, 128, 5, false],
        [150, 37, 3, false], [150, 37, 3, true], [60, 768, 2, false], [40, 7, 1, false],
    ];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Score_RandomBank_BitIdenticalToReference(int rows, int dims, int k, bool cosine)
    {
        var bank = Correlated(rows, dims, seed: dims + k);
        var queries = Correlated(40, dims, seed: dims + k + 1).Concat(bank.Take(5)).ToList();
        AssertBitEqual(new ReferenceKnnScorer(bank, k, cosine), new KnnScorer(bank, k, cosine), queries);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Score_KAtLeastBankSize_BitIdenticalToReference(bool cosine)
    {
        var bank = Correlated(12, 20, seed: 3);
        var queries = Correlated(10, 20, seed: 4);
        AssertBitEqual(new ReferenceKnnScorer(bank, 12, cosine), new KnnScorer(bank, 12, cosine), queries);
        AssertBitEqual(new ReferenceKnnScorer(bank, 50, cosine), new KnnScorer(bank, 50, cosine), queries);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Score_SingleClipBank_BitIdenticalToReference(bool cosine)
    {
        var bank = Correlated(1, 33, seed: 5);
        AssertBitEqual(new ReferenceKnnScorer(bank, 1, cosine), new KnnScorer(bank, 1, cosine), Correlated(10, 33, seed: 6));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Score_DuplicateVectors_BitIdenticalToReference(bool cosine)
    {
        var distinct = Correlated(30, 24, seed: 7);
        var bank = distinct.Concat(distinct).Concat(Enumerable.Repeat(distinct[0], 20)).ToList();
        var queries = distinct.Take(10).Concat(Correlated(10, 24, seed: 8)).ToList();
        AssertBitEqual(new ReferenceKnnScorer(bank, 3, cosine), new KnnScorer(bank, 3, cosine), queries);
    }

    [Fact]
    public void Score_CosineZeroVectors_BitIdenticalToReference()
    {
        var bank = Correlated(40, 16, seed: 9);
        bank[3] = new float[16];
        bank[17] = new float[16];
        var queries = new List<float[]> { new float[16], bank[5], Correlated(1, 16, seed: 10)[0] };
        var scorer = new KnnScorer(bank, 2, cosine: true);
        AssertBitEqual(new ReferenceKnnScorer(bank, 2, cosine: true), scorer, queries);
        Assert.Equal(1.0, scorer.Score(new float[16]));
    }

    [Fact]
    public void Score_NonFiniteValues_FallBackToReference()
    {
        var bank = Correlated(40, 16, seed: 11);
        bank[2][4] = float.NaN;
        bank[9][0] = float.PositiveInfinity;
        var queries = Correlated(5, 16, seed: 12);
        queries[1][3] = float.NaN;
        AssertBitEqual(new ReferenceKnnScorer(bank, 1, false), new KnnScorer(bank, 1, false), queries);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Without_RowsLeftOut_BitIdenticalToReferenceOnRemainingRows(bool cosine)
    {
        var bank = Correlated(100, 64, seed: 13);
        var full = new KnnScorer(bank, 2, cosine);
        foreach (var left in new[] { new[] { 0 }, new[] { 57 }, Enumerable.Range(0, 100).Where(i => i % 5 == 2).ToArray(), Enumerable.Range(1, 99).ToArray() })
        {
            var remaining = bank.Where((_, i) => !left.Contains(i)).ToList();
            AssertBitEqual(new ReferenceKnnScorer(remaining, 2, cosine), full.Without(left), left.Select(i => bank[i]).Take(20).ToList());
        }
    }

    internal static void AssertBitEqual(IScorer reference, IScorer fast, IReadOnlyList<float[]> queries)
    {
        var expected = queries.Select(q => Bits(reference.Score(q))).ToList();
        var actual = queries.Select(q => Bits(fast.Score(q))).ToList();
        Assert.Equal(expected, actual);
    }
}

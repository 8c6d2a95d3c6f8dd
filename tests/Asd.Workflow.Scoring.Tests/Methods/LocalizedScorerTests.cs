using Asd.Workflow.Scoring.Methods;
using Asd.Workflow.Scoring.Tests.Methods.Reference;
using static Asd.Workflow.Scoring.Tests.Methods.Reference.Embeddings;

namespace Asd.Workflow.Scoring.Tests.Methods;

/// <summary>Frame matching is declared exact: every score must equal the brute-force version-1 path to the last bit.</summary>
public sealed class LocalizedScorerTests
{
    [Theory]
    [InlineData(60, 78, 32, 8)]
    [InlineData(25, 30, 13, 3)]
    [InlineData(10, 21, 64, 50)]
    [InlineData(7, 5, 1, 2)]
    public void Score_RandomFrames_BitIdenticalToReference(int clips, int frames, int dims, int top)
    {
        var bank = FrameClips(clips, frames, dims, seed: dims);
        var queries = FrameClips(6, frames, dims, seed: dims + 1).Append(bank[0]).ToList();
        KnnScorerTests.AssertBitEqual(new ReferenceLocalizedScorer(bank, dims, top), new LocalizedScorer(bank, dims, top), queries);
    }

    [Fact]
    public void Score_SingleClipBankAndPartialFrames_BitIdenticalToReference()
    {
        var bank = FrameClips(1, 9, 32, seed: 2);
        var queries = FrameClips(4, 40, 32, seed: 3).Select(q => q[..(q.Length - 5)]).ToList(); // a partial last frame is ignored
        KnnScorerTests.AssertBitEqual(new ReferenceLocalizedScorer(bank, 32, 8), new LocalizedScorer(bank, 32, 8), queries);
    }

    [Fact]
    public void Score_DuplicateAndZeroFrames_BitIdenticalToReference()
    {
        var clip = FrameClips(1, 20, 16, seed: 4)[0];
        var silent = new float[20 * 16];
        var bank = new List<float[]> { clip, clip, silent, (float[])clip.Clone() };
        var queries = new List<float[]> { clip, silent, FrameClips(1, 20, 16, seed: 5)[0] };
        KnnScorerTests.AssertBitEqual(new ReferenceLocalizedScorer(bank, 16, 4), new LocalizedScorer(bank, 16, 4), queries);
    }

    [Fact]
    public void Score_NonFiniteFrame_FallsBackToReference()
    {
        var bank = FrameClips(5, 10, 8, seed: 6);
        bank[1][17] = float.NaN;
        var queries = FrameClips(3, 10, 8, seed: 7);
        queries[2][5] = float.NegativeInfinity;
        KnnScorerTests.AssertBitEqual(new ReferenceLocalizedScorer(bank, 8, 3), new LocalizedScorer(bank, 8, 3), queries);
    }

    [Fact]
    public void Without_ClipsLeftOut_BitIdenticalToReferenceOnRemainingClips()
    {
        var bank = FrameClips(40, 25, 32, seed: 8);
        var full = new LocalizedScorer(bank, 32, 8);
        foreach (var left in new[] { new[] { 0 }, new[] { 39 }, Enumerable.Range(0, 40).Where(i => i % 5 == 1).ToArray(), Enumerable.Range(0, 39).ToArray() })
        {
            var remaining = bank.Where((_, i) => !left.Contains(i)).ToList();
            KnnScorerTests.AssertBitEqual(new ReferenceLocalizedScorer(remaining, 32, 8), full.Without(left), left.Select(i => bank[i]).Take(6).ToList());
        }
    }

    [Fact]
    public void Without_EveryLeaveOneOutOfUnevenClips_BitIdenticalToReference()
    {
        // clip lengths not multiples of the 16-frame panel: each clip starts a panel, padding never matches
        var bank = Enumerable.Range(0, 24).Select(i => FrameClips(1, 5 + 7 * i % 40, 32, seed: 100 + i)[0]).ToList();
        var full = new LocalizedScorer(bank, 32, 8);
        for (var i = 0; i < bank.Count; i++)
        {
            var remaining = bank.Where((_, j) => j != i).ToList();
            KnnScorerTests.AssertBitEqual(new ReferenceLocalizedScorer(remaining, 32, 8), full.Without([i]), [bank[i]]);
        }
    }

    [Fact]
    public void Without_FiveFoldsAndASingleClipFold_BitIdenticalToReference()
    {
        var bank = FrameClips(31, 26, 32, seed: 11);
        var domains = Enumerable.Range(0, 31).Select(i => i == 30 ? "target" : "source").ToList();
        var folds = Asd.Workflow.Scoring.Activities.Score.FoldAssignment.Assign(domains, 5, 0);
        var full = new LocalizedScorer(bank, 32, 8);
        var queries = FrameClips(3, 26, 32, seed: 12);
        foreach (var left in Enumerable.Range(0, 5).Select(f => Enumerable.Range(0, 31).Where(i => folds[i] == f).ToArray()).Append([30]))
        {
            var remaining = bank.Where((_, i) => !left.Contains(i)).ToList();
            KnnScorerTests.AssertBitEqual(new ReferenceLocalizedScorer(remaining, 32, 8), full.Without(left), [.. left.Select(i => bank[i]), .. queries]);
        }
    }

    [Fact]
    public void Without_SmallBanks_BitIdenticalToReference()
    {
        var bank = FrameClips(3, 1, 4, seed: 13);   // one frame per clip
        var full = new LocalizedScorer(bank, 4, 8);
        var queries = FrameClips(4, 3, 4, seed: 14);
        KnnScorerTests.AssertBitEqual(new ReferenceLocalizedScorer(bank, 4, 8), full, queries);
        KnnScorerTests.AssertBitEqual(new ReferenceLocalizedScorer([bank[2]], 4, 8), full.Without([0, 1]), queries);
        KnnScorerTests.AssertBitEqual(new ReferenceLocalizedScorer([bank[0], bank[2]], 4, 1), new LocalizedScorer(bank, 4, 1).Without([1]), queries);
    }

    [Fact]
    public void Score_TopFramesTied_BitIdenticalToReference()
    {
        var bank = FrameClips(12, 20, 16, seed: 15);
        var frame = FrameClips(1, 1, 16, seed: 16)[0];
        var others = FrameClips(1, 6, 16, seed: 17)[0];
        // 20 copies of one frame among 6 others: the 8 largest include ties, or the ties fall just below them
        List<float[]> queries = [[.. Enumerable.Range(0, 20).SelectMany(_ => frame), .. others], [.. others, .. Enumerable.Range(0, 3).SelectMany(_ => frame)], bank[3]];
        KnnScorerTests.AssertBitEqual(new ReferenceLocalizedScorer(bank, 16, 8), new LocalizedScorer(bank, 16, 8), queries);
        KnnScorerTests.AssertBitEqual(new ReferenceLocalizedScorer(bank, 16, 3), new LocalizedScorer(bank, 16, 3), queries);
    }
}

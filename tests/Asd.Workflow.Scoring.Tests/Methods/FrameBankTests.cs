using Asd.Workflow.Scoring.Methods;
using static Asd.Workflow.Scoring.Tests.Methods.Reference.Embeddings;

namespace Asd.Workflow.Scoring.Tests.Methods;

/// <summary>Both kernels (256- and 512-bit, groups of 8 query frames and half groups of 4) must find the brute-force k largest nearest squared distances to the last bit.</summary>
public sealed class FrameBankTests
{
    [Theory]
    [InlineData(false, 32, 1000, 45)]
    [InlineData(true, 32, 1000, 45)]
    [InlineData(false, 13, 77, 45)]
    [InlineData(true, 13, 77, 8)]
    [InlineData(true, 32, 17, 1)]
    [InlineData(false, 32, 400, 3)]
    public void LargestNearestSquared_EitherKernel_BitIdenticalToBruteForce(bool wide, int dims, int frames, int k)
    {
        var bank = FrameClips(1, frames, dims, seed: dims)[0];
        var queries = FrameClips(1, 45, dims, seed: dims + 1)[0];
        int[] clips = [3, 5, frames - 8];   // the middle clip (frames 3–7) left out
        var fast = new FrameBank(bank, dims, clips, wide).Without([1]).LargestNearestSquared(queries, 45, k);
        Assert.Equal(BruteForce(queries, bank, dims, Enumerable.Range(0, frames).Where(f => f is < 3 or >= 8), k), fast.Order().Select(Bits));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LargestNearestSquared_TiedDistancesAtTheKth_SameMultisetAsBruteForce(bool wide)
    {
        // 30 copies of one frame and 10 distinct frames: the k-th largest lies among many equal values.
        var bank = FrameClips(20, 7, 16, seed: 9);
        var frames = FrameClips(1, 11, 16, seed: 10)[0];
        var queries = Enumerable.Range(0, 30).SelectMany(_ => frames[..16]).Concat(frames[16..]).ToArray();
        var fast = new FrameBank(bank.SelectMany(c => c).ToArray(), 16, [.. bank.Select(c => c.Length / 16)], wide).All.LargestNearestSquared(queries, 40, 8);
        var flat = bank.SelectMany(c => c).ToArray();
        Assert.Equal(BruteForce(queries, flat, 16, Enumerable.Range(0, 140), 8), fast.Order().Select(Bits));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LargestNearestSquared_NearestFirstOrAscendingPanels_SameBitsAsBruteForce(bool wide)
    {
        // Clips shifted apart: nearest-first visits the panels in an order far from ascending.
        var clips = FrameClips(40, 20, 16, seed: 11);
        for (var c = 0; c < clips.Count; c++) for (var i = 0; i < clips[c].Length; i++) clips[c][i] += c % 7 * 2f;
        var flat = clips.SelectMany(c => c).ToArray();
        var queries = FrameClips(1, 30, 16, seed: 12)[0].Select(v => v + 6f).ToArray();
        int[] lengths = [.. clips.Select(c => c.Length / 16)];
        var nearest = new FrameBank(flat, 16, lengths, wide).Without([2, 9]).LargestNearestSquared(queries, 30, 8);
        var ascending = new FrameBank(flat, 16, lengths, wide, nearestFirst: false).Without([2, 9]).LargestNearestSquared(queries, 30, 8);
        var expected = BruteForce(queries, flat, 16, Enumerable.Range(0, 800).Where(f => f / 20 is not (2 or 9)), 8);
        Assert.Equal(expected, nearest.Order().Select(Bits));
        Assert.Equal(expected, ascending.Order().Select(Bits));
    }
    [Theory]
    [InlineData(false, 32, 1, 1)]
    [InlineData(true, 32, 1, 1)]
    [InlineData(false, 32, 3, 3)]
    [InlineData(true, 32, 3, 2)]
    [InlineData(true, 32, 4, 4)]
    [InlineData(false, 13, 5, 5)]
    [InlineData(true, 13, 5, 5)]
    [InlineData(true, 5, 6, 6)]
    [InlineData(false, 5, 7, 7)]
    [InlineData(true, 5, 9, 9)]
    [InlineData(false, 5, 13, 13)]
    [InlineData(true, 32, 13, 13)]
    [InlineData(true, 32, 13, 8)]
    [InlineData(false, 32, 17, 8)]
    [InlineData(true, 7, 31, 9)]
    [InlineData(true, 7, 31, 31)]
    public void LargestNearestSquared_QueryCountsOffTheGroupAndOneFrameClips_BitIdenticalToBruteForce(bool wide, int dims, int count, int k)
    {
        // Query counts not multiples of the 8-frame group (a last group of 1–7 frames, half groups of ≤ 4), dims not
        // multiples of 8, bank clips of one frame (a panel of one frame and 15 padding lanes), a clip left out; with
        // k = count every frame's nearest distance is completed, so a frame a kernel skipped would show.
        int[] clips = [1, 17, 1, 33, 5, 1, 16, 2, 200, 40];
        var starts = clips.Select((_, c) => clips.Take(c).Sum()).ToArray();
        var bank = FrameClips(1, clips.Sum(), dims, seed: 20 + dims)[0];
        var queries = FrameClips(1, count, dims, seed: 21 + count)[0];
        var fast = new FrameBank(bank, dims, clips, wide).Without([3]).LargestNearestSquared(queries, count, k);
        Assert.Equal(BruteForce(queries, bank, dims, Enumerable.Range(0, clips.Sum()).Where(f => f < starts[3] || f >= starts[4]), k), fast.Order().Select(Bits));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LargestNearestSquared_ManyFramesNearTheKth_BitIdenticalToBruteForce(bool wide)
    {
        // Queries drawn from the bank's own distribution: many frames' nearest distances lie near the k-th largest,
        // so groups shrink under the drop (half groups of ≤ 4 frames) and frames complete in the rest pass.
        var drawn = FrameClips(62, 30, 24, seed: 30);
        var bank = drawn.Take(60).ToList();
        var flat = bank.SelectMany(c => c).ToArray();
        var queries = drawn[60].Concat(drawn[61]).Concat(drawn[0][..(17 * 24)]).ToArray();   // clip 0 is left out
        var fast = new FrameBank(flat, 24, [.. bank.Select(c => c.Length / 24)], wide).Without([0, 59]).LargestNearestSquared(queries, 77, 8);
        Assert.Equal(BruteForce(queries, flat, 24, Enumerable.Range(30, 58 * 30), 8), fast.Order().Select(Bits));
    }

    /// <summary>The reference: the k largest of every query frame's smallest direct squared distance to the kept bank frames, as bits, ascending.</summary>
    private static List<long> BruteForce(float[] queries, float[] bank, int dims, IEnumerable<int> kept, int k) =>
        Enumerable.Range(0, queries.Length / dims).Select(q => kept.Min(f => FrameBank.SquaredDistance(queries.AsSpan(q * dims, dims), bank.AsSpan(f * dims, dims))))
            .Order().TakeLast(k).Select(Bits).ToList();
}

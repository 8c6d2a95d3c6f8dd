using Asd.Workflow.Scoring.Methods;
using static Asd.Workflow.Scoring.Tests.Methods.Reference.Embeddings;

namespace Asd.Workflow.Scoring.Tests.Methods;

/// <summary>Both kernels (256- and 512-bit) must find the brute-force k largest nearest squared distances to the last bit.</summary>
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
        var expected = Enumerable.Range(0, 45).Select(q => Enumerable.Range(0, frames).Where(f => f is < 3 or >= 8)
            .Min(f => FrameBank.SquaredDistance(queries.AsSpan(q * dims, dims), bank.AsSpan(f * dims, dims)))).Order().TakeLast(k);
        Assert.Equal(expected.Select(Bits), fast.Order().Select(Bits));
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
        var expected = Enumerable.Range(0, 40).Select(q => Enumerable.Range(0, 140)
            .Min(f => FrameBank.SquaredDistance(queries.AsSpan(q * 16, 16), flat.AsSpan(f * 16, 16)))).Order().TakeLast(8);
        Assert.Equal(expected.Select(Bits), fast.Order().Select(Bits));
    }
}

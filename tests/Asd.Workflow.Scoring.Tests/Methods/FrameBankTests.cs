using Asd.Workflow.Scoring.Methods;
using static Asd.Workflow.Scoring.Tests.Methods.Reference.Embeddings;

namespace Asd.Workflow.Scoring.Tests.Methods;

/// <summary>Both kernels (256- and 512-bit) must find the brute-force nearest squared distances to the last bit.</summary>
public sealed class FrameBankTests
{
    [Theory]
    [InlineData(false, 32, 1000)]
    [InlineData(true, 32, 1000)]
    [InlineData(false, 13, 77)]
    [InlineData(true, 13, 77)]
    [InlineData(true, 32, 17)]
    public void NearestSquared_EitherKernel_BitIdenticalToBruteForce(bool wide, int dims, int frames)
    {
        var bank = FrameClips(1, frames, dims, seed: dims)[0];
        var queries = FrameClips(1, 45, dims, seed: dims + 1)[0];
        var fast = new FrameBank(bank, dims, wide).Without([(3, 5)]).NearestSquared(queries, 45);
        var expected = Enumerable.Range(0, 45).Select(q => Enumerable.Range(0, frames).Where(f => f is < 3 or >= 8)
            .Min(f => FrameBank.SquaredDistance(queries.AsSpan(q * dims, dims), bank.AsSpan(f * dims, dims)))).ToArray();
        Assert.Equal(expected.Select(Bits), fast.Select(Bits));
    }
}

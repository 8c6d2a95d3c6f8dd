namespace Asd.Workflow.Scoring.Tests.Methods.Reference;

/// <summary>Seeded synthetic embeddings of realistic shapes: correlated clip vectors and log-mel-like frames.</summary>
internal static class Embeddings
{
    /// <summary>Rows x = offset + A·z (z standard normal in <paramref name="rank"/> factors) + noise: a non-trivial covariance.</summary>
    public static List<float[]> Correlated(int rows, int dims, int seed, int rank = 8, double offset = 3)
    {
        var rng = new Random(seed);
        var mixing = Enumerable.Range(0, dims * rank).Select(_ => Normal(rng)).ToArray();
        return Enumerable.Range(0, rows).Select(_ =>
        {
            var z = Enumerable.Range(0, rank).Select(_ => Normal(rng)).ToArray();
            return Enumerable.Range(0, dims).Select(d =>
            {
                double v = offset + 0.3 * Normal(rng);
                for (var r = 0; r < rank; r++) v += mixing[d * rank + r] * z[r];
                return (float)v;
            }).ToArray();
        }).ToList();
    }

    /// <summary>Clips of <paramref name="frames"/> frames (dB-like values around −40), concatenated per clip.</summary>
    public static List<float[]> FrameClips(int clips, int frames, int dims, int seed) =>
        Correlated(clips * frames, dims, seed, rank: 4, offset: -40).Chunk(frames).Select(c => c.SelectMany(f => f).ToArray()).ToList();

    public static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    public static long Bits(double v) => BitConverter.DoubleToInt64Bits(v);
}

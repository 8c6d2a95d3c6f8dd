using Asd.Workflow.Audio.Features;

namespace Asd.Workflow.Audio.Tests.Features;

public sealed class LogMelSpectrogramTests
{
    [Fact]
    public void Statistics_AgainstADirectDftReference_MatchTo1e5()
    {
        const int rate = 16000, nFft = 1024, hop = 512, nMels = 64;
        var rng = new Random(7);
        var x = Enumerable.Range(0, rate).Select(n => (float)(0.5 * Math.Sin(2 * Math.PI * 440 * n / rate) + 0.2 * Math.Sin(2 * Math.PI * 3000 * n / rate) + 0.05 * (rng.NextDouble() - 0.5))).ToArray();
        var options = new LogMelOptions { NFft = nFft, Hop = hop, NMels = nMels };
        var actual = new LogMelSpectrogram(rate, options).Statistics(x);
        var expected = Reference(x, rate, nFft, hop, nMels, 1e-10);
        Assert.Equal(2 * nMels, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(5, 2)]
    [InlineData(6, 1)]
    [InlineData(9, 2)]
    public void Compute_EveryFrameAgainstADirectDft_MatchesTo1e5(int frames, double power)
    {
        // Frame counts around the four-frame batches (1…3 frames in the last batch) and power 1 (magnitude).
        const int rate = 16000, nFft = 256, hop = 100, nMels = 24;
        var rng = new Random(frames);
        var x = Enumerable.Range(0, nFft + (frames - 1) * hop + 17).Select(n => (float)(0.3 * Math.Sin(0.05 * n) + 0.1 * (rng.NextDouble() - 0.5))).ToArray();
        var options = new LogMelOptions { NFft = nFft, Hop = hop, NMels = nMels, Power = power };
        var actual = new LogMelSpectrogram(rate, options).Compute(x);
        var expected = ReferenceFrames(x, rate, nFft, hop, nMels, 1e-10, power);
        Assert.Equal(frames * nMels, actual.Length);
        for (var t = 0; t < frames; t++)
            for (var m = 0; m < nMels; m++) Assert.Equal(expected[t, m], actual[t * nMels + m], 1e-5);
    }

    /// <summary>Independent computation: direct DFT in double, HTK mel triangles evaluated from the formula.</summary>
    private static double[] Reference(float[] x, int rate, int nFft, int hop, int nMels, double floor)
    {
        var logmel = ReferenceFrames(x, rate, nFft, hop, nMels, floor, 2);
        var frames = logmel.GetLength(0);
        var stats = new double[2 * nMels];
        for (var m = 0; m < nMels; m++)
        {
            var mean = Enumerable.Range(0, frames).Average(t => logmel[t, m]);
            stats[m] = mean;
            stats[nMels + m] = Math.Sqrt(Enumerable.Range(0, frames).Average(t => Math.Pow(logmel[t, m] - mean, 2)));
        }
        return stats;
    }

    private static double[,] ReferenceFrames(float[] x, int rate, int nFft, int hop, int nMels, double floor, double exponent)
    {
        static double Mel(double f) => 2595 * Math.Log10(1 + f / 700);
        static double Hz(double m) => 700 * (Math.Pow(10, m / 2595) - 1);
        var edges = Enumerable.Range(0, nMels + 2).Select(i => Hz(Mel(rate / 2.0) * i / (nMels + 1))).ToArray();
        var frames = 1 + (x.Length - nFft) / hop;
        var logmel = new double[frames, nMels];
        for (var t = 0; t < frames; t++)
        {
            var power = new double[nFft / 2 + 1];
            for (var k = 0; k <= nFft / 2; k++)
            {
                double re = 0, im = 0;
                for (var n = 0; n < nFft; n++)
                {
                    var w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / nFft);
                    var v = x[t * hop + n] * w;
                    re += v * Math.Cos(2 * Math.PI * k * n / nFft);
                    im -= v * Math.Sin(2 * Math.PI * k * n / nFft);
                }
                power[k] = Math.Pow(re * re + im * im, exponent / 2);
            }
            for (var m = 0; m < nMels; m++)
            {
                double e = 0;
                for (var k = 0; k <= nFft / 2; k++)
                {
                    var f = (double)k * rate / nFft;
                    var weight = Math.Max(0, Math.Min((f - edges[m]) / (edges[m + 1] - edges[m]), (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1])));
                    e += weight * power[k];
                }
                logmel[t, m] = Math.Log(Math.Max(e, floor));
            }
        }
        return logmel;
    }
}

using NWaves.Operations;
using NWaves.Signals;

namespace Asd.Workflow.Audio.Decoding;

/// <summary>
/// Deterministic resampling with NWaves' band-limited (windowed-sinc) resampler. When the rate ratio is
/// rational with small terms it uses up/down resampling; when downsampling, NWaves applies its anti-aliasing
/// low-pass FIR (cut-off at the new Nyquist frequency) before decimating. Pure arithmetic on one thread:
/// the same input gives the same output bits.
/// </summary>
public static class Resampling
{
    public static float[] Resample(float[] samples, int fromRate, int toRate)
    {
        if (fromRate == toRate) return samples;
        var signal = new DiscreteSignal(fromRate, samples, allocateNew: false);
        var gcd = Gcd(fromRate, toRate);
        var resampler = new Resampler();
        var result = (toRate / gcd <= 64 && fromRate / gcd <= 64)
            ? resampler.ResampleUpDown(signal, toRate / gcd, fromRate / gcd)
            : resampler.Resample(signal, toRate);
        return result.Samples;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}

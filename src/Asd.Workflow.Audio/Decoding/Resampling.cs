using NWaves.Operations;
using NWaves.Signals;

namespace Asd.Workflow.Audio.Decoding;

/// <summary>
/// Deterministic resampling with NWaves' band-limited resampler (windowed-sinc interpolation, 15 taps on each
/// side). When downsampling, NWaves first applies its anti-aliasing low-pass FIR with the cut-off at the new
/// Nyquist frequency. The output has exactly round(N·to/from) samples, aligned with the input (no delay).
/// Pure arithmetic on one thread: the same input gives the same output bits.
/// </summary>
public static class Resampling
{
    public static float[] Resample(float[] samples, int fromRate, int toRate)
    {
        if (fromRate == toRate) return samples;
        var signal = new DiscreteSignal(fromRate, samples, allocateNew: false);
        var result = new Resampler().Resample(signal, toRate).Samples;
        var length = (int)Math.Round((double)samples.Length * toRate / fromRate);
        if (result.Length == length) return result;
        var exact = new float[length];
        Array.Copy(result, exact, Math.Min(length, result.Length));
        return exact;
}
}

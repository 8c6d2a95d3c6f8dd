namespace Asd.Workflow.Audio.Features;

/// <summary>
/// Log-mel spectrogram and its per-band statistics (see <see cref="LogMelOptions"/> for the definition).
/// One instance per thread: it keeps FFT buffers. The FFT and the mel sums run in double precision.
/// </summary>
public sealed class LogMelSpectrogram
{
    private readonly LogMelOptions _options;
    private readonly MelFilterBank _bank;
    private readonly PowerSpectrum _fft;
    private readonly double[] _window, _power;
    private readonly double[][] _weights;

    public LogMelSpectrogram(int sampleRate, LogMelOptions options)
    {
        if ((options.NFft & (options.NFft - 1)) != 0) throw new ArgumentException($"n_fft must be a power of two, got {options.NFft}");
        _options = options;
        _bank = new MelFilterBank(sampleRate, options.NFft, options.NMels, options.Fmin, options.Fmax);
        _weights = _bank.Weights.Select(w => w.Select(x => (double)x).ToArray()).ToArray();
        _fft = new PowerSpectrum(options.NFft);
        _window = Window(options.NFft);
        _power = new double[options.NFft / 2 + 1];
    }

    public int Frames(int samples) => samples < _options.NFft ? 0 : 1 + (samples - _options.NFft) / _options.Hop;

    /// <summary>Periodic Hann: w[n] = 0.5 − 0.5·cos(2πn/N).</summary>
    public static double[] Window(int n) => Enumerable.Range(0, n).Select(i => 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / n)).ToArray();

    /// <summary>Log-mel frames, row-major [frames, n_mels].</summary>
    public float[] Compute(ReadOnlySpan<float> samples)
    {
        var frames = Frames(samples.Length);
        var nMels = _options.NMels;
        var output = new float[frames * nMels];
        var floor = _options.LogFloor;
        var halfPower = _options.Power / 2;
        for (var t = 0; t < frames; t++)
        {
            _fft.Compute(samples.Slice(t * _options.Hop, _options.NFft), _window, _power);
            if (halfPower != 1) for (var k = 0; k < _power.Length; k++) _power[k] = Math.Pow(_power[k], halfPower);
            var power = _power.AsSpan();
            for (var m = 0; m < nMels; m++)
            {
                var w = _weights[m];
                var bins = power.Slice(_bank.Start[m], w.Length);
                double energy = 0;
                for (var j = 0; j < w.Length; j++) energy += w[j] * bins[j];
                output[t * nMels + m] = (float)Math.Log(Math.Max(energy, floor));
            }
        }
        return output;
    }

    /// <summary>Per-band mean then population standard deviation over time: [2·n_mels].</summary>
    public float[] Statistics(ReadOnlySpan<float> samples)
    {
        var frames = Compute(samples);
        return MeanStd(frames, _options.NMels);
    }

    public static float[] MeanStd(float[] frames, int nMels)
    {
        var count = frames.Length / nMels;
        var result = new float[2 * nMels];
        if (count == 0) return result;
        for (var m = 0; m < nMels; m++)
        {
            double sum = 0;
            for (var t = 0; t < count; t++) sum += frames[t * nMels + m];
            var mean = sum / count;
            double sq = 0;
            for (var t = 0; t < count; t++) { var d = frames[t * nMels + m] - mean; sq += d * d; }
            result[m] = (float)mean;
            result[nMels + m] = (float)Math.Sqrt(sq / count);
        }
        return result;
    }
}

using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Asd.Workflow.Audio.Features;

/// <summary>
/// Log-mel spectrogram and its per-band statistics (see <see cref="LogMelOptions"/> for the definition).
/// One instance per thread: it keeps FFT buffers. The FFT and the mel sums run in double precision, four
/// frames at a time (<see cref="PowerSpectrum"/>); the floored energies are rounded to float32 and the log
/// taken in float32 (within 2e-6 of the double log; the outputs are float32 anyway).
/// </summary>
public sealed class LogMelSpectrogram
{
    private readonly LogMelOptions _options;
    private readonly MelFilterBank _bank;
    private readonly PowerSpectrum _fft;
    private readonly double[] _window;
    private readonly Vector256<double>[] _power;
    private readonly double[][] _weights;

    public LogMelSpectrogram(int sampleRate, LogMelOptions options)
    {
        if ((options.NFft & (options.NFft - 1)) != 0) throw new ArgumentException($"n_fft must be a power of two, got {options.NFft}");
        _options = options;
        _bank = new MelFilterBank(sampleRate, options.NFft, options.NMels, options.Fmin, options.Fmax);
        _weights = _bank.Weights.Select(w => w.Select(x => (double)x).ToArray()).ToArray();
        _fft = new PowerSpectrum(options.NFft);
        _window = Window(options.NFft);
        _power = new Vector256<double>[_fft.Bins];
    }

    public int Frames(int samples) => samples < _options.NFft ? 0 : 1 + (samples - _options.NFft) / _options.Hop;

    /// <summary>Periodic Hann: w[n] = 0.5 − 0.5·cos(2πn/N).</summary>
    public static double[] Window(int n) => Enumerable.Range(0, n).Select(i => 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / n)).ToArray();

    /// <summary>Log-mel frames, row-major [frames, n_mels]: <see cref="FromPower"/> of <see cref="Power"/>.</summary>
    public float[] Compute(ReadOnlySpan<float> samples)
    {
        var power = Power(samples);
        try { return FromPower(power); }
        finally { power.Return(); }
    }

    /// <summary>
    /// The power spectra |X|² of every frame, four frames to a vector (<see cref="PowerSpectrum"/>). They depend on
    /// n_fft and hop only (the window is Hann of n_fft), so every log-mel front end with the same n_fft and hop
    /// can take its log-mel frames from one STFT of a waveform (<see cref="FromPower"/> gives the bits
    /// <see cref="Compute"/> gives).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PowerFrames Power(ReadOnlySpan<float> samples)
    {
        var frames = Frames(samples.Length);
        var bins = _fft.Bins;
        var groups = (frames + PowerSpectrum.Lanes - 1) / PowerSpectrum.Lanes;
        // Pooled (see PowerFrames.Return); every element of the first groups × bins is written below (lanes past the last
        // frame repeat it), so a rented array's old contents never show.
        var power = ArrayPool<Vector256<double>>.Shared.Rent(groups * bins);
        for (var g = 0; g < groups; g++)
        {
            var t = g * PowerSpectrum.Lanes;
            _fft.Compute(samples, t * _options.Hop, _options.Hop, Math.Min(PowerSpectrum.Lanes, frames - t), _window, power.AsSpan(g * bins, bins));
        }
        return new PowerFrames(_options.NFft, _options.Hop, frames, power);
    }

    /// <summary>Log-mel frames, row-major [frames, n_mels], from power spectra of this instance's n_fft and hop (left unchanged).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public float[] FromPower(PowerFrames spectra)
    {
        if (spectra.NFft != _options.NFft || spectra.Hop != _options.Hop)
            throw new ArgumentException($"power spectra of n_fft {spectra.NFft}, hop {spectra.Hop} given to a front end of n_fft {_options.NFft}, hop {_options.Hop}");
        var frames = spectra.Frames;
        var output = new float[frames * _options.NMels];
        var halfPower = _options.Power / 2;
        var bins = _fft.Bins;
        for (var t = 0; t < frames; t += PowerSpectrum.Lanes)
        {
            var count = Math.Min(PowerSpectrum.Lanes, frames - t);
            Span<Vector256<double>> power = spectra.Values.AsSpan(t / PowerSpectrum.Lanes * bins, bins);
            if (halfPower != 1)
            {
                // |X|^power into this instance's buffer: the shared spectra stay |X|² for the other front ends.
                power.CopyTo(_power);
                power = _power;
                Magnitude(power, halfPower);
            }
            MelEnergies(power, output, t, count);
        }
        Log(output);
        return output;
    }

    /// <summary>
    /// max(Σ_k w_m[k]·P[k], floor) of four frames (the lanes of <paramref name="power"/>) into rows t…t+3 of
    /// <paramref name="output"/>; four bands at a time are transposed so each frame's four values are stored
    /// as one vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MelEnergies(Span<Vector256<double>> power, float[] output, int t, int count)
    {
        var nMels = _options.NMels;
        var floor = Vector256.Create(_options.LogFloor);
        var m = 0;
        if (Avx.IsSupported && count == PowerSpectrum.Lanes)
            for (; m + 4 <= nMels; m += 4)
            {
                Vector256<double> e0 = Energy(power, m, floor), e1 = Energy(power, m + 1, floor);
                Vector256<double> e2 = Energy(power, m + 2, floor), e3 = Energy(power, m + 3, floor);
                Vector256<double> low01 = Avx.UnpackLow(e0, e1), high01 = Avx.UnpackHigh(e0, e1);
                Vector256<double> low23 = Avx.UnpackLow(e2, e3), high23 = Avx.UnpackHigh(e2, e3);
                Avx.ConvertToVector128Single(Avx.Permute2x128(low01, low23, 0x20)).CopyTo(output.AsSpan(t * nMels + m));
                Avx.ConvertToVector128Single(Avx.Permute2x128(high01, high23, 0x20)).CopyTo(output.AsSpan((t + 1) * nMels + m));
                Avx.ConvertToVector128Single(Avx.Permute2x128(low01, low23, 0x31)).CopyTo(output.AsSpan((t + 2) * nMels + m));
                Avx.ConvertToVector128Single(Avx.Permute2x128(high01, high23, 0x31)).CopyTo(output.AsSpan((t + 3) * nMels + m));
            }
        for (; m < nMels; m++)
        {
            var energy = Energy(power, m, floor);
            for (var lane = 0; lane < count; lane++) output[(t + lane) * nMels + m] = (float)energy.GetElement(lane);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<double> Energy(Span<Vector256<double>> power, int m, Vector256<double> floor)
    {
        var w = _weights[m];
        var bins = power.Slice(_bank.Start[m], w.Length);
        var energy = Vector256<double>.Zero;
        for (var j = 0; j < w.Length; j++) energy += bins[j] * w[j];
        return Vector256.Max(energy, floor);
    }

    // Natural log in place, eight values per instruction.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Log(Span<float> values)
    {
        var i = 0;
        for (; i + Vector256<float>.Count <= values.Length; i += Vector256<float>.Count)
            Vector256.Log(Vector256.Create<float>(values[i..])).CopyTo(values[i..]);
        for (; i < values.Length; i++) values[i] = MathF.Log(values[i]);
    }

    // |X|^power from |X|²: a square root for power 1, exp(h·log p) otherwise (p = 0 stays 0).
    private static void Magnitude(Span<Vector256<double>> power, double halfPower)
    {
        var h = Vector256.Create(halfPower);
        for (var k = 0; k < power.Length; k++)
        {
            var p = power[k];
            power[k] = halfPower == 0.5
                ? Vector256.Sqrt(p)
                : Vector256.ConditionalSelect(Vector256.Equals(p, Vector256<double>.Zero), p, Vector256.Exp(h * Vector256.Log(p)));
        }
    }

    /// <summary>Per-band mean then population standard deviation over time: [2·n_mels].</summary>
    public float[] Statistics(ReadOnlySpan<float> samples)
    {
        var frames = Compute(samples);
        return MeanStd(frames, _options.NMels);
    }

    /// <summary>
    /// Per-band mean and population standard deviation of row-major [frames, n_mels] values, accumulated in
    /// double in frame order (vectorised across bands; each band's sum has the same order as a scalar loop).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float[] MeanStd(float[] frames, int nMels)
    {
        var count = frames.Length / nMels;
        var result = new float[2 * nMels];
        if (count == 0) return result;
        var mean = new double[nMels];
        var sq = new double[nMels];
        for (var t = 0; t < count; t++) Accumulate(frames.AsSpan(t * nMels, nMels), mean, null);
        for (var m = 0; m < nMels; m++) mean[m] /= count;
        for (var t = 0; t < count; t++) Accumulate(frames.AsSpan(t * nMels, nMels), sq, mean);
        for (var m = 0; m < nMels; m++)
        {
            result[m] = (float)mean[m];
            result[nMels + m] = (float)Math.Sqrt(sq[m] / count);
        }
        return result;
    }

    // sums[m] += row[m], or (row[m] − centre[m])² when a centre is given.
    private static void Accumulate(ReadOnlySpan<float> row, double[] sums, double[]? centre)
    {
        var m = 0;
        for (; m + 4 <= row.Length; m += 4)
        {
            var x = Vector256.Create((double)row[m], row[m + 1], row[m + 2], row[m + 3]);
            if (centre != null) { x -= Vector256.Create<double>(centre.AsSpan(m)); x *= x; }
            (Vector256.Create<double>(sums.AsSpan(m)) + x).CopyTo(sums.AsSpan(m));
        }
        for (; m < row.Length; m++)
        {
            double x = row[m];
            if (centre != null) { x -= centre[m]; x *= x; }
            sums[m] += x;
        }
    }
}

/// <summary>
/// Power spectra of a waveform's frames for one (n_fft, hop): <see cref="Values"/> holds (n_fft/2 + 1) bins per
/// group of four frames, lane l of bin k being frame 4g + l (lanes past the last frame are unused).
/// <see cref="Values"/> comes from <see cref="ArrayPool{T}.Shared"/> and may be longer than that: a 10-s clip's
/// spectra are 1.3 MB each, three per clip in an embed pass, which returns them (<see cref="Return"/>) once the
/// clip's encoders have read them. Spectra never returned are simply collected.
/// </summary>
public sealed record PowerFrames(int NFft, int Hop, int Frames, Vector256<double>[] Values)
{
    /// <summary>Gives <see cref="Values"/> back to the pool; the spectra must not be read afterwards.</summary>
    public void Return() => ArrayPool<Vector256<double>>.Shared.Return(Values);
}

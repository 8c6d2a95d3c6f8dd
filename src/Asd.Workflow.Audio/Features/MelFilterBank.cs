namespace Asd.Workflow.Audio.Features;

/// <summary>
/// HTK mel filters: mel(f) = 2595·log10(1 + f/700); n_mels + 2 points equally spaced in mel between fmin and
/// fmax; filter m rises linearly from point m to m+1 and falls to m+2, evaluated at the FFT bin frequencies
/// k·sr/n_fft; peak 1, no area normalisation (torchaudio's mel_scale="htk", norm=None).
/// </summary>
public sealed class MelFilterBank
{
    public MelFilterBank(int sampleRate, int nFft, int nMels, double fmin, double fmax)
    {
        if (fmax <= 0) fmax = sampleRate / 2.0;
        Bins = nFft / 2 + 1;
        Weights = new float[nMels][];
        Start = new int[nMels];
        var melMin = HzToMel(fmin);
        var melMax = HzToMel(fmax);
        var edges = Enumerable.Range(0, nMels + 2).Select(i => MelToHz(melMin + (melMax - melMin) * i / (nMels + 1))).ToArray();
        for (var m = 0; m < nMels; m++)
        {
            var full = new float[Bins];
            for (var k = 0; k < Bins; k++)
            {
                var f = (double)k * sampleRate / nFft;
                var up = (f - edges[m]) / (edges[m + 1] - edges[m]);
                var down = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
                full[k] = (float)Math.Max(0, Math.Min(up, down));
            }
            var first = Array.FindIndex(full, w => w > 0);
            var last = Array.FindLastIndex(full, w => w > 0);
            Start[m] = first < 0 ? 0 : first;
            Weights[m] = first < 0 ? [] : full[first..(last + 1)];
        }
    }

    public int Bins { get; }

    /// <summary>Non-zero weights of filter m, starting at bin <see cref="Start"/>[m].</summary>
    public float[][] Weights { get; }
    public int[] Start { get; }

    /// <summary>The dense [bins, mels] matrix (for the ONNX front end).</summary>
    public float[] Dense()
    {
        var dense = new float[Bins * Weights.Length];
        for (var m = 0; m < Weights.Length; m++)
            for (var j = 0; j < Weights[m].Length; j++) dense[(Start[m] + j) * Weights.Length + m] = Weights[m][j];
        return dense;
    }

    public static double HzToMel(double hz) => 2595.0 * Math.Log10(1.0 + hz / 700.0);
    public static double MelToHz(double mel) => 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);
}

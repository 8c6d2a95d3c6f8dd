using Asd.Workflow.Audio.Activities.Embed;
using Asd.Workflow.Audio.Features;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Engine;
using System.Text.Json.Nodes;

namespace Asd.Workflow.Audio.Encoders;

/// <summary>
/// The encoders that need no model file: <c>logmel-stats</c> (per-band mean and standard deviation, [2·n_mels])
/// and <c>logmel-frames</c> (frame-level log-mel, every <c>frame_stride</c>-th frame, [frames, n_mels]).
/// </summary>
public sealed class BuiltInEncoders : IEncoderProvider
{
    public const string Stats = "logmel-stats";
    public const string Frames = "logmel-frames";

    public bool Knows(string encoder) => encoder is Stats or Frames;

    /// <summary>True for the encoders whose front end is an STFT power spectrogram (<see cref="ISpectralEncoder"/>).</summary>
    public static bool IsSpectral(string encoder) => encoder is Stats or Frames;

    public IEncoder Create(EmbedOptions options) => new LogMelEncoder(options);

    /// <summary>The log-mel front end uses 256-bit vector math (<c>Vector256.Log</c>/<c>Exp</c>, AVX): its floats depend on both.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentFacts(EmbedOptions options) => MachineFacts.ForSimd();

    public JsonObject Describe(EmbedOptions options)
    {
        var encoder = OptionValues.Resolve(options.LogMel);
        encoder["encoder"] = options.Encoder;
        encoder["sample_rate"] = options.SampleRate;
        encoder["frame_stride"] = options.Encoder == Frames ? options.FrameStride : 1;
        encoder["output"] = options.Encoder == Stats ? "mean_std" : "frames";
        return encoder;
    }

    public IEnumerable<string> Validate(EmbedOptions options)
    {
        if ((options.NFft & (options.NFft - 1)) != 0) yield return $"n_fft must be a power of two, got {options.NFft}";
        if (options.Fmax > 0 && options.Fmax <= options.Fmin) yield return $"fmax ({options.Fmax}) must exceed fmin ({options.Fmin})";
    }

    private sealed class LogMelEncoder(EmbedOptions options) : ISpectralEncoder
    {
        private readonly LogMelSpectrogram _logMel = new(options.SampleRate, options.LogMel);

        public int SampleRate => options.SampleRate;
        public int Dimensions => options.Encoder == Stats ? 2 * options.NMels : options.NMels;
        public bool FrameLevel => options.Encoder == Frames;
        public Determinism Determinism => Determinism.Exact;

        public IReadOnlyList<float[]> EmbedBatch(IReadOnlyList<float[]> waveforms) => waveforms.Select(w => Embed(Power(w))).ToList();

        public PowerFrames Power(float[] waveform) => _logMel.Power(waveform);

        public float[] Embed(PowerFrames spectra)
        {
            var frames = _logMel.FromPower(spectra);
            if (!FrameLevel) return LogMelSpectrogram.MeanStd(frames, options.NMels);
            var n = options.NMels;
            var count = frames.Length / n;
            var kept = (count + options.FrameStride - 1) / options.FrameStride;
            var result = new float[kept * n];
            for (var i = 0; i < kept; i++) Array.Copy(frames, i * options.FrameStride * n, result, i * n, n);
            return result;
        }

        public void Dispose() { }
    }
}

/// <summary>Dispatches to the first provider that knows the encoder.</summary>
public sealed class CompositeEncoderProvider(params IEncoderProvider[] providers) : IEncoderProvider
{
    public bool Knows(string encoder) => providers.Any(p => p.Knows(encoder));
    public IEncoder Create(EmbedOptions options) => For(options).Create(options);
    public IReadOnlyDictionary<string, string> EnvironmentFacts(EmbedOptions options) => For(options).EnvironmentFacts(options);
    public JsonObject Describe(EmbedOptions options) => For(options).Describe(options);
    public IReadOnlyList<string> DependencyFiles(EmbedOptions options) => For(options).DependencyFiles(options);
    public IEnumerable<string> Validate(EmbedOptions options) =>
        providers.FirstOrDefault(p => p.Knows(options.Encoder)) is { } p ? p.Validate(options) : [$"unknown encoder '{options.Encoder}'"];

    private IEncoderProvider For(EmbedOptions options) => providers.First(p => p.Knows(options.Encoder));
}

using Asd.Workflow.Audio.Activities.Embed;
using Asd.Workflow.Audio.Features;
using Asd.Workflow.Core.Activities;

namespace Asd.Workflow.Audio.Encoders;

/// <summary>
/// Turns a waveform into an embedding: [dims] for clip-level encoders, [frames, dims] flattened for frame-level
/// ones. Instances are created once per stage shard and may be used from one thread.
/// </summary>
public interface IEncoder : IDisposable
{
    int SampleRate { get; }

    /// <summary>Feature dimension per frame (or per clip).</summary>
    int Dimensions { get; }

    /// <summary>True when each clip yields [frames, dims] rather than [dims].</summary>
    bool FrameLevel { get; }

    Determinism Determinism { get; }

    IReadOnlyList<float[]> EmbedBatch(IReadOnlyList<float[]> waveforms);
}

/// <summary>
/// An encoder whose front end is an STFT power spectrogram (the built-in log-mel encoders): every such encoder of
/// the same view, rate, n_fft and hop can be fed from one STFT per clip (see EmbedPass).
/// </summary>
public interface ISpectralEncoder : IEncoder
{
    /// <summary>Computes the STFT power spectra this encoder's front end reads (n_fft and hop are in them).</summary>
    PowerFrames Power(float[] waveform);

    /// <summary>The clip's embedding from its power spectra; equal to the bits of <c>EmbedBatch([waveform])[0]</c>.</summary>
    float[] Embed(PowerFrames spectra);
}

/// <summary>Creates encoders by name. The built-in provider knows the log-mel encoders; the ONNX provider knows registry models.</summary>
public interface IEncoderProvider
{
    bool Knows(string encoder);

    IEncoder Create(EmbedOptions options);

    /// <summary>Facts of the machine and runtime that change results (CPU class, runtime, provider); part of the stage identity.</summary>
    IReadOnlyDictionary<string, string> EnvironmentFacts(EmbedOptions options);

    /// <summary>The encoder's whole resolved configuration (every field that shapes its output); part of the stage identity.</summary>
    System.Text.Json.Nodes.JsonObject Describe(EmbedOptions options);

    /// <summary>Files the configuration was read from (model registry, model file); the run stamp checks them.</summary>
    IReadOnlyList<string> DependencyFiles(EmbedOptions options) => [];

    IEnumerable<string> Validate(EmbedOptions options);
}

using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Asd.Workflow.Audio.Features;

namespace Asd.Workflow.Audio.Activities.Embed;

/// <summary>Options of the embed activity; the log-mel ones apply to the built-in encoders.</summary>
public sealed record EmbedOptions
{
    /// <summary>logmel-stats, logmel-frames, or the name of a model in the registry.</summary>
    public string Encoder { get; init; } = "logmel-stats";

    /// <summary>Which decoded view to embed; default near.</summary>
    [AllowedValues("near", "far", "mix", "residual")] public string View { get; init; } = "near";

    /// <summary>Rate the encoder reads; the decoded audio is resampled when it differs. Registry models use their own rate.</summary>
    [AllowedValues("8000", "16000", "22050", "32000", "44100", "48000")] public int SampleRate { get; init; } = 16000;

    /// <inheritdoc cref="LogMelOptions.NFft"/>
    [Range(64, 16384)] public int NFft { get; init; } = 1024;
    /// <inheritdoc cref="LogMelOptions.Hop"/>
    [Range(1, 16384)] public int Hop { get; init; } = 512;
    /// <inheritdoc cref="LogMelOptions.NMels"/>
    [Range(1, 512)] public int NMels { get; init; } = 128;
    /// <inheritdoc cref="LogMelOptions.Fmin"/>
    [Range(0, 96000)] public double Fmin { get; init; }
    /// <inheritdoc cref="LogMelOptions.Fmax"/>
    [Range(0, 96000)] public double Fmax { get; init; }
    /// <inheritdoc cref="LogMelOptions.Power"/>
    [Range(1, 2)] public double Power { get; init; } = 2;
    /// <inheritdoc cref="LogMelOptions.LogFloor"/>
    [Range(1e-30, 1)] public double LogFloor { get; init; } = 1e-10;

    /// <summary>logmel-frames keeps every k-th frame; default 1.</summary>
    [Range(1, 64)] public int FrameStride { get; init; } = 1;

    /// <summary>Clips per inference batch (ONNX encoders); default 8.</summary>
    [Range(1, 1024)] public int BatchSize { get; init; } = 8;

    /// <summary>auto, cpu, cuda or cuda:N (ONNX encoders).</summary>
    public string Device { get; init; } = "auto";

    [JsonIgnore]
    public LogMelOptions LogMel => new() { NFft = NFft, Hop = Hop, NMels = NMels, Fmin = Fmin, Fmax = Fmax, Power = Power, LogFloor = LogFloor };
}

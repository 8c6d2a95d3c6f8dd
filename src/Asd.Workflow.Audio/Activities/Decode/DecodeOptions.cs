using System.ComponentModel.DataAnnotations;

namespace Asd.Workflow.Audio.Activities.Decode;

/// <summary>Options of the decode activity.</summary>
public sealed record DecodeOptions
{
    /// <summary>Rate every clip is resampled to; default 16000.</summary>
    [AllowedValues("8000", "16000", "22050", "32000", "44100", "48000")] public int SampleRate { get; init; } = 16000;

    /// <summary>Channel views to keep: near, far, mix, residual; default [near].</summary>
    [AllowedValues("near", "far", "mix", "residual")] public IReadOnlyList<string> Views { get; init; } = ["near"];

    /// <summary>What a view that needs channel 1 does on mono data: "none" fails, "near" uses channel 0 with one notice.</summary>
    [AllowedValues("none", "near")] public string Fallback { get; init; } = "none";
}

/// <summary>The decode activity's output for one split: which PCM object holds each clip's views.</summary>
public sealed record DecodedSet(int SampleRate, IReadOnlyList<string> Views, IReadOnlyList<DecodedClip> Clips, IReadOnlyList<SkippedClip> Skipped);

/// <summary>A decoded clip: its PCM object is a float32 .npy of shape [views, frames].</summary>
public sealed record DecodedClip(string Name, string Domain, string Sha256, string Pcm, int Frames, bool FellBack);

public sealed record SkippedClip(string Name, string Reason);

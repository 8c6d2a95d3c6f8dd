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

/// <summary>
/// The decode activity's output for one split: the validated clips and the view spec (rate, views) every embed
/// stage derives its waveforms by. It names no audio object: embed stages read each clip from the data set.
/// </summary>
public sealed record DecodedSet(int SampleRate, IReadOnlyList<string> Views, IReadOnlyList<DecodedClip> Clips, IReadOnlyList<SkippedClip> Skipped)
{
    /// <summary>
    /// The one fallback rule: a clip with fewer than two channels, under views of which one needs channel 1, has
    /// those views formed from channel 0 (decode accepted it only with <c>fallback: near</c>). Decode records it as
    /// <see cref="DecodedClip.FellBack"/>; readers derive it from the clip's channels and the set's views.
    /// </summary>
    public static bool FallsBack(int channels, IReadOnlyList<string> views) => channels < 2 && views.Any(Decoding.ChannelViews.NeedsSecondChannel);

    /// <summary><see cref="FallsBack(int, IReadOnlyList{string})"/> for one of this set's clips.</summary>
    public bool FallsBack(DecodedClip clip) => FallsBack(clip.Channels, Views);
}

/// <summary>
/// A validated clip: where it lies (relative to the data-set root), its WAV digest, its header facts, and
/// <paramref name="Audio"/>, the decode stage's per-clip memo key (hex, not an object name): it stands for this
/// clip's audio under this decode configuration, and embed memo keys are built on it.
/// </summary>
/// <param name="Frames">Frames of every view at the set's rate.</param>
/// <param name="Channels">Channels in the file.</param>
/// <param name="FellBack">A mono clip whose views needing channel 1 are formed from channel 0 (fallback: near): derived
/// (<see cref="DecodedSet.FallsBack(DecodedClip)"/>), kept in the artifact so that its bytes stay as they were.</param>
public sealed record DecodedClip(string Name, string Domain, string Path, string Sha256, string Audio, int Channels, int Frames, bool FellBack);

/// <summary>Header facts of a clip, the decode stage's per-clip memo value.</summary>
public sealed record ClipFacts(int Channels, int SampleRate, int Frames);

public sealed record SkippedClip(string Name, string Reason);

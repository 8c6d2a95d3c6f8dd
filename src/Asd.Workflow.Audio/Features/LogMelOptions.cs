using System.ComponentModel.DataAnnotations;

namespace Asd.Workflow.Audio.Features;

/// <summary>
/// Log-mel front end. Frames of <see cref="NFft"/> samples every <see cref="Hop"/> samples (no centring or
/// padding: frames = 1 + (N − n_fft) / hop), periodic Hann window, |X|^power, HTK mel filters, natural log of
/// max(energy, log_floor).
/// </summary>
public sealed record LogMelOptions
{
    /// <summary>FFT size, a power of two; default 1024.</summary>
    [Range(64, 16384)] public int NFft { get; init; } = 1024;
    /// <summary>Hop between frames in samples; default 512.</summary>
    [Range(1, 16384)] public int Hop { get; init; } = 512;
    /// <summary>Mel bands; default 128.</summary>
    [Range(1, 512)] public int NMels { get; init; } = 128;
    /// <summary>Lowest filter edge in Hz; default 0.</summary>
    [Range(0, 96000)] public double Fmin { get; init; }
    /// <summary>Highest filter edge in Hz; 0 = Nyquist (default).</summary>
    [Range(0, 96000)] public double Fmax { get; init; }
    /// <summary>Exponent of the magnitude: 2 = power (default), 1 = magnitude.</summary>
    [Range(1, 2)] public double Power { get; init; } = 2;
    /// <summary>Floor applied before the log; default 1e-10.</summary>
    [Range(1e-30, 1)] public double LogFloor { get; init; } = 1e-10;
}

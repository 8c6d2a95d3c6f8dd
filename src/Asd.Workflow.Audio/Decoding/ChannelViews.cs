using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Audio.Decoding;

/// <summary>
/// Channel views of a clip. near = channel 0 (the target machine's microphone), far = channel 1, mix = mean of
/// all channels, residual = near − α·far with α = ⟨near, far⟩ / ⟨far, far⟩ (the least-squares scale that
/// removes the part of near explained by far; α = 0 when far is silent).
/// </summary>
public static class ChannelViews
{
    public static readonly string[] Known = ["near", "far", "mix", "residual"];

    public static bool NeedsSecondChannel(string view) => view is "far" or "residual";

    /// <summary>The view's samples: a channel's own array for near and far, else a new array (from <paramref name="buffers"/> when given).</summary>
    public static float[] Form(DecodedAudio audio, string view, SampleBuffers? buffers = null)
    {
        var ch = audio.Channels;
        switch (view)
        {
            case "near": return ch[0];
            case "far": return ch[1];
            case "mix":
                {
                    var mix = buffers?.Take(audio.Frames) ?? new float[audio.Frames];
                    for (var i = 0; i < mix.Length; i++)
                    {
                        double sum = 0;
                        for (var c = 0; c < ch.Length; c++) sum += ch[c][i];
                        mix[i] = (float)(sum / ch.Length);
                    }
                    return mix;
                }
            case "residual":
                {
                    double nf = 0, ff = 0;
                    for (var i = 0; i < audio.Frames; i++) { nf += (double)ch[0][i] * ch[1][i]; ff += (double)ch[1][i] * ch[1][i]; }
                    var alpha = ff > 0 ? nf / ff : 0;
                    var residual = buffers?.Take(audio.Frames) ?? new float[audio.Frames];
                    for (var i = 0; i < residual.Length; i++) residual[i] = (float)(ch[0][i] - alpha * ch[1][i]);
                    return residual;
                }
            default:
                throw AsdException.BadInput($"unknown channel view '{view}' (allowed: {string.Join(", ", Known)})");
        }
    }
}

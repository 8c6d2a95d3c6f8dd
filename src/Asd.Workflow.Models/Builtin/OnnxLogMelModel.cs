using Asd.Workflow.Audio.Features;
using Google.Protobuf;
using Onnx;

namespace Asd.Workflow.Models.Builtin;

/// <summary>
/// Builds, in C#, an ONNX model (opset 17) of the log-mel statistics front end: waveform [batch, samples] →
/// STFT (periodic Hann, n_fft, hop, no padding) → |X|² → HTK mel matrix → log(max(·, floor)) → per-band mean
/// and population standard deviation over frames → embedding [batch, 2·n_mels]. The same definition as the
/// managed <c>logmel-stats</c> encoder, computed by ONNX Runtime in float32. Serialisation is deterministic, so
/// the same options always give the same file digest.
/// </summary>
public static class OnnxLogMelModel
{
    public const string Name = "logmel-onnx";

    public static byte[] Build(int sampleRate, LogMelOptions o)
    {
        var bank = new MelFilterBank(sampleRate, o.NFft, o.NMels, o.Fmin, o.Fmax);
        var g = new GraphBuilder("logmel_stats");
        g.Input("waveform", ["batch", "samples"]);
        g.Output("embedding", ["batch", 2 * o.NMels]);
        g.Initializer("axis2", [1], [2L]);
        g.Initializer("hop", [], [(long)o.Hop]);
        g.Initializer("frame_length", [], [(long)o.NFft]);
        g.Initializer("window", [o.NFft], LogMelSpectrogram.Window(o.NFft).Select(w => (float)w).ToArray());
        g.Initializer("last_axis", [1], [-1L]);
        g.Initializer("mel", [bank.Bins, o.NMels], bank.Dense());
        g.Initializer("floor", [], [(float)o.LogFloor]);
        g.Node("Unsqueeze", ["waveform", "axis2"], ["signal"]);
        g.Node("STFT", ["signal", "hop", "window", "frame_length"], ["spectrum"], ("onesided", 1L));
        g.Node("Mul", ["spectrum", "spectrum"], ["squares"]);
        g.Node("ReduceSum", ["squares", "last_axis"], ["power"], ("keepdims", 0L));
        g.Node("MatMul", ["power", "mel"], ["mel_energy"]);
        g.Node("Max", ["mel_energy", "floor"], ["floored"]);
        g.Node("Log", ["floored"], ["logmel"]);
        g.Node("ReduceMean", ["logmel"], ["mean_keep"], ("axes", new long[] { 1 }), ("keepdims", 1L));
        g.Node("Sub", ["logmel", "mean_keep"], ["centred"]);
        g.Node("Mul", ["centred", "centred"], ["centred_sq"]);
        g.Node("ReduceMean", ["centred_sq"], ["variance"], ("axes", new long[] { 1 }), ("keepdims", 0L));
        g.Node("Sqrt", ["variance"], ["std"]);
        g.Node("ReduceMean", ["logmel"], ["mean"], ("axes", new long[] { 1 }), ("keepdims", 0L));
        g.Node("Concat", ["mean", "std"], ["embedding"], ("axis", 1L));
        return g.ToModel().ToByteArray();
    }
}

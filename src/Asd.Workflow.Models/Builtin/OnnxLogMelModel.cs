using Asd.Workflow.Audio.Features;
using Google.Protobuf;
using Onnx;

namespace Asd.Workflow.Models.Builtin;

/// <summary>
/// Builds, in C#, an ONNX model (opset 17) of the log-mel statistics front end: waveform [batch, samples] →
/// frames (periodic Hann, n_fft, hop, no padding) → |DFT|² → HTK mel matrix → log(max(·, floor)) → per-band
/// mean and population standard deviation over frames → embedding [batch, 2·n_mels]. The same definition as
/// the managed <c>logmel-stats</c> encoder, computed by ONNX Runtime in float32. Serialisation is
/// deterministic, so the same options always give the same file digest.
/// <para>
/// <see cref="Build"/> writes the DFT as matrix products (Cooley–Tukey with n_fft = N1·N2, N1 ≈ √(2·n_fft)):
/// frames gathered in blocks of gcd(n_fft, hop) samples and windowed, then laid out [N1, frames·N2] (sample
/// N2·n1 + n2 at row n1), a length-N1 DFT over the rows for k1 ≤ N1/2 only (real input: the other k1 mirror
/// these), then per k1 one matrix holding the twiddle factors and the length-N2 DFT over the columns (bin
/// k1 + N1·k2). Each bin ≤ n_fft/2 is counted once, directly or through its mirror n_fft − bin
/// (<see cref="SpectrumCells"/>); the mel sums take the squared real and imaginary parts of the bins of a
/// group of consecutive bands in one MatMul per group (<see cref="MelGroups"/>: a band touches a few dozen
/// bins, a dense mel matrix multiplies every bin by every band). The same maths as ONNX's STFT operator
/// (<see cref="BuildWithStftOp"/>, the model before issue #16); features differ by float32 rounding only
/// (declared and tested: within 1e-4 of the definition computed in double precision, for power-of-two, composite,
/// odd and prime n_fft; within 1e-4 of the STFT graph for power-of-two n_fft). Every clip's row is computed alike in any batch (MatMuls only, no Reduce kernels,
/// whose summation order follows the tensor shape): a clip's embedding is the same bits in a batch of one
/// and in any batch. Batches of one clip are also the fastest on CPU: a 10-s clip's intermediates (≈ 1.3 MB
/// each) already exceed a core's L2 cache, and a batch of 8 took twice the CPU per clip (docs/benchmarks.md).
/// </para>
/// </summary>
public static class OnnxLogMelModel
{
    public const string Name = "logmel-onnx";

    public static byte[] Build(int sampleRate, LogMelOptions o)
    {
        int n = o.NFft, n1 = Factor(n), n2 = n / n1, h1 = n1 / 2 + 1, m = o.NMels;
        var g = new GraphBuilder("logmel_stats_matmul_dft");
        g.Input("waveform", ["batch", "samples"]);
        g.Output("embedding", ["batch", 2 * m]);

        // Frames [batch, frames, n_fft / c, c], gathered as blocks of c = gcd(n_fft, hop) contiguous samples
        // (frame f is blocks f·hop/c + j, j < n_fft/c: few, long copies), windowed (the window is the frame's
        // trailing shape, the cheapest broadcast), then transposed to rows n1: [batch, N1, frames·N2].
        var c = Gcd(n, o.Hop);
        g.Initializer("n_fft", [1], [(long)n]);
        g.Initializer("hop", [1], [(long)o.Hop]);
        g.Initializer("one", [1], [1L]);
        g.Initializer("zero", [1], [0L]);
        g.Initializer("axis1", [1], [1L]);
        g.Initializer("block_hop", [], [(long)(o.Hop / c)]);
        g.Initializer("zero_scalar", [], [0L]);
        g.Initializer("block_shape", [3], [0L, -1L, c]);
        g.Initializer("frame_col", [2], [-1L, 1L]);
        g.Initializer("block_of_frame", [1, n / c], Enumerable.Range(0, n / c).Select(i => (long)i).ToArray());
        g.Node("Shape", ["waveform"], ["samples"], ("start", 1L), ("end", 2L));
        g.Node("Sub", ["samples", "n_fft"], ["spare"]);
        g.Node("Div", ["spare", "hop"], ["last_frame"]);
        g.Node("Add", ["last_frame", "one"], ["frames"]);
        g.Node("Mul", ["last_frame", "hop"], ["last_start"]);
        g.Node("Add", ["last_start", "n_fft"], ["used"]);
        g.Node("Slice", ["waveform", "zero", "used", "axis1"], ["used_samples"]);
        g.Node("Reshape", ["used_samples", "block_shape"], ["blocks"]);
        g.Node("Squeeze", ["frames"], ["frames_scalar"]);
        g.Node("Mul", ["frames_scalar", "block_hop"], ["block_limit"]);
        g.Node("Range", ["zero_scalar", "block_limit", "block_hop"], ["first_block"]);
        g.Node("Reshape", ["first_block", "frame_col"], ["first_block_col"]);
        g.Node("Add", ["block_of_frame", "first_block_col"], ["block_index"]);
        g.Node("Gather", ["blocks", "block_index"], ["framed"], ("axis", 1L));
        g.Initializer("window", [n / c, c], LogMelSpectrogram.Window(n).Select(w => (float)w).ToArray());
        g.Node("Mul", ["framed", "window"], ["windowed"]);

        // Length-N1 DFT over n1 (sample N2·n1 + n2) for k1 ≤ N1/2 (real input: the other k1 mirror these): rows
        // Re k1, then Im k1; then [batch, k1, frames, (re|im, n2)] for the second DFT.
        g.Initializer("dft1", [2 * h1, n1], Table(2 * h1, n1, (r, m1) => r < h1 ? Math.Cos(Angle((long)m1 * r, n1)) : -Math.Sin(Angle((long)m1 * (r - h1), n1))));
        g.Initializer("rows2_shape", [4], [0L, h1, -1L, 2L * n2]);
        g.Initializer("grid_shape", [4], [0L, -1L, n1, n2]);
        g.Initializer("flat_shape", [3], [0L, n1, -1L]);
        g.Initializer("parts_shape", [5], [0L, 2L, h1, -1L, n2]);
        g.Node("Reshape", ["windowed", "grid_shape"], ["grid"]);
        g.Node("Transpose", ["grid"], ["grid_rows"], ("perm", new long[] { 0, 2, 1, 3 }));
        g.Node("Reshape", ["grid_rows", "flat_shape"], ["x"]);
        g.Node("MatMul", ["dft1", "x"], ["y"]);
        g.Node("Reshape", ["y", "parts_shape"], ["y_parts"]);
        g.Node("Transpose", ["y_parts"], ["y_rows"], ("perm", new long[] { 0, 2, 3, 1, 4 }));
        g.Node("Reshape", ["y_rows", "rows2_shape"], ["y_cat"]);

        // Per k1, twiddle and length-N2 DFT in one matrix: X[k1 + N1·k2] = Σ Y[k1, n2]·e^(−2πi·n2·(k1 + N1·k2)/n_fft),
        // [Re | Im] = [Yre | Yim]·[[C, S], [−S, C]] with C = cos, S = −sin of that angle; all k2 < N2. Output
        // column 2·slot(k2) + part: rows k2 in the frequency order of the bins they hold (see MelGroups).
        var cells = new SpectrumCells(n, n1);
        var dft2 = new float[h1 * 2 * n2 * 2 * n2];
        for (var k1 = 0; k1 < h1; k1++)
            for (var m2 = 0; m2 < n2; m2++)
                for (var k2 = 0; k2 < n2; k2++)
                {
                    var angle = Angle((long)m2 * (k1 + n1 * k2), n);
                    float cos = (float)Math.Cos(angle), sin = (float)-Math.Sin(angle);
                    int at = k1 * 4 * n2 * n2, re = 2 * cells.Slot[k2], im = re + 1;
                    dft2[at + m2 * 2 * n2 + re] = cos;
                    dft2[at + m2 * 2 * n2 + im] = sin;
                    dft2[at + (n2 + m2) * 2 * n2 + re] = -sin;
                    dft2[at + (n2 + m2) * 2 * n2 + im] = cos;
                }
        g.Initializer("dft2", [h1, 2 * n2, 2 * n2], dft2);
        g.Node("MatMul", ["y_cat", "dft2"], ["spectrum"]);
        g.Node("Mul", ["spectrum", "spectrum"], ["squares"]);
        g.Node("Transpose", ["squares"], ["squares_frames"], ("perm", new long[] { 0, 2, 3, 1 }));
        g.Initializer("squares_shape", [3], [0L, -1L, 2L * h1 * n2]);
        g.Node("Reshape", ["squares_frames", "squares_shape"], ["squares_flat"]);

        // |X|² and the mel sums: cells [batch, frames, (slot, part, k1)]; bands in groups, each a MatMul over the
        // contiguous range of cells its bins lie in, the groups' bands concatenated in order.
        var bank = new MelFilterBank(sampleRate, n, m, o.Fmin, o.Fmax);
        var groups = MelGroups.Of(bank, cells);
        g.Initializer("last_axis", [1], [2L]);
        var parts = new List<string>();
        foreach (var (group, i) in groups.Select((x, i) => (x, i)))
        {
            var input = "squares_flat";
            if (group.FirstCell > 0 || group.EndCell < cells.Count)
            {
                g.Initializer($"cells_from_{i}", [1], [(long)group.FirstCell]);
                g.Initializer($"cells_to_{i}", [1], [(long)group.EndCell]);
                g.Node("Slice", ["squares_flat", $"cells_from_{i}", $"cells_to_{i}", "last_axis"], [input = $"cells_{i}"]);
            }
            g.Initializer($"mel_{i}", [group.EndCell - group.FirstCell, group.Bands], group.Matrix);
            parts.Add(groups.Count > 1 ? $"mel_energy_{i}" : "mel_energy");
            g.Node("MatMul", [input, $"mel_{i}"], [parts[^1]]);
        }
        if (groups.Count > 1) g.Node("Concat", [.. parts], ["mel_energy"], ("axis", 2L));

        // Statistics over frames as MatMuls with a row of ones: ONNX Runtime's Reduce kernels pick their
        // summation order by the tensor's shape, batch size included; a MatMul sums every clip alike.
        g.Initializer("floor", [], [(float)o.LogFloor]);
        g.Initializer("one_row", [1, 1], [1f]);
        g.Node("Max", ["mel_energy", "floor"], ["floored"]);
        g.Node("Log", ["floored"], ["logmel"]);
        g.Node("Concat", ["one", "frames"], ["ones_shape"], ("axis", 0L));
        g.Node("Expand", ["one_row", "ones_shape"], ["ones"]);
        g.Node("Cast", ["frames"], ["frames_float"], ("to", (long)TensorProto.Types.DataType.Float));
        g.Node("MatMul", ["ones", "logmel"], ["sum_keep"]);
        g.Node("Div", ["sum_keep", "frames_float"], ["mean_keep"]);
        g.Node("Sub", ["logmel", "mean_keep"], ["centred"]);
        g.Node("Mul", ["centred", "centred"], ["centred_sq"]);
        g.Node("MatMul", ["ones", "centred_sq"], ["sq_sum"]);
        g.Node("Div", ["sq_sum", "frames_float"], ["variance"]);
        g.Node("Sqrt", ["variance"], ["std_keep"]);
        g.Node("Concat", ["mean_keep", "std_keep"], ["embedding_keep"], ("axis", 2L));
        g.Initializer("embedding_shape", [2], [0L, 2L * m]);
        g.Node("Reshape", ["embedding_keep", "embedding_shape"], ["embedding"]);
        return g.ToModel().ToByteArray();
    }

    /// <summary>
    /// The model as it was before issue #16: ONNX's STFT operator (onesided), |X|² by ReduceSum over the
    /// real/imaginary axis, the [bins, n_mels] mel matrix. The reference <see cref="Build"/> is held to in the
    /// tests and in <c>bench onnx</c>.
    /// </summary>
    public static byte[] BuildWithStftOp(int sampleRate, LogMelOptions o)
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
        g.Node("Unsqueeze", ["waveform", "axis2"], ["signal"]);
        g.Node("STFT", ["signal", "hop", "window", "frame_length"], ["spectrum"], ("onesided", 1L));
        g.Node("Mul", ["spectrum", "spectrum"], ["squares"]);
        g.Node("ReduceSum", ["squares", "last_axis"], ["power"], ("keepdims", 0L));
        g.Node("MatMul", ["power", "mel"], ["mel_energy"]);
        g.Initializer("floor", [], [(float)o.LogFloor]);
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

    /// <summary>
    /// N1: the largest divisor of n not above √(2n), which about minimises the two DFTs' multiply-adds per frame,
    /// ≈ n·(N1 + 2·N2) (1 for a prime n: then the first DFT is trivial and the second is the whole DFT).
    /// </summary>
    internal static int Factor(int n)
    {
        for (var d = (int)Math.Sqrt(2.0 * n); d > 1; d--) if (n % d == 0) return d;
        return 1;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    /// <summary>2π·(m mod n)/n: the product reduced first, so the angle and its cosine stay exact for large m.</summary>
    private static double Angle(long m, int n) => 2 * Math.PI * (m % n) / n;

    private static float[] Table(int rows, int cols, Func<int, int, double> value)
    {
        var t = new float[rows * cols];
        for (var r = 0; r < rows; r++) for (var k = 0; k < cols; k++) t[r * cols + k] = (float)value(r, k);
        return t;
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Asd.Workflow.Scoring.Methods;

/// <summary>
/// Bank frames for exact frame matching: the <c>k</c> largest of the query frames' nearest squared distances. A
/// blocked float32 pass screens the bank: frames are centred on the bank's mean frame and laid out in panels of 16
/// (panel p, dimension d, lane l at [(p·dims + d)·16 + l]), each clip starting a panel so that leaving clips out
/// only skips panels; a micro-kernel computes 4 query frames × 16 bank frames of dot products per step over
/// cache-sized chunks of the visited panels, and keeps per query frame the smallest upper bound seen and the frames
/// whose lower bound does not exceed it (<see cref="DistanceBound"/>). Those candidates are recomputed by the
/// direct formula (double, dimension order), so every nearest squared distance that is computed equals the
/// brute-force one to the last bit.
/// </summary>
/// <remarks>
/// Only the k largest nearest distances enter a score, so not every query frame needs its nearest distance. A
/// pilot pass over every <see cref="PilotStride"/>-th visited panel gives each query frame an upper bound of its
/// nearest distance; the k frames of largest bound are completed over the other panels, and the k-th largest
/// of their exact values is a lower bound of the final k-th largest. The other frames then scan the other panels
/// together, chunk by chunk, and a frame leaves as soon as its upper bound falls to that value or below: its
/// nearest distance cannot be above the k largest (on a tie it brings an equal value). The result is therefore the same
/// multiset as brute force over every frame. Each query's result depends only on its own frames and the bank: no
/// thread count or scheduling enters. Memory: the frames, their panels and per-panel bounds, once per bank; a
/// <see cref="View"/> that leaves clips out holds only their indices.
/// </remarks>
internal sealed class FrameBank
{
    private const int Lanes = 16, Group = 4, PilotStride = 8, ChunkBytes = 256 * 1024;
    private const float Excluded = 1e30f, NoBound = 1e29f;

    private readonly float[] _frames;    // raw frames, n × dims: what the direct formula reads
    private readonly float[] _center, _panels;
    private readonly float[] _lo, _hi;   // per slot ‖b‖²(1 ∓ ρ); Excluded for padding slots
    private readonly int[] _slotFrame;   // frame of each slot (panel·16 + lane), −1 for padding
    private readonly int[] _clipPanel;   // first panel of each clip; one extra entry: the panels holding frames
    private readonly int _dummy;         // an all-padding panel: pairs up an odd panel for the wide kernel
    private readonly bool _screenable, _wide;
    private readonly float _relative;

    /// <param name="frames">n × dims frames, clip after clip.</param>
    /// <param name="clipFrames">frames of each clip (sum n); null: one clip.</param>
    /// <param name="wide">512-bit kernel (two panels per step); by default where the hardware runs it natively.</param>
    public FrameBank(float[] frames, int dims, IReadOnlyList<int>? clipFrames = null, bool? wide = null)
    {
        (_frames, Dims, Count, _wide) = (frames, dims, frames.Length / dims, wide ?? Vector512.IsHardwareAccelerated);
        clipFrames ??= [Count];
        _relative = DistanceBound.Relative(dims);
        _center = new float[dims];
        for (var d = 0; d < dims; d++)
        {
            double sum = 0;
            for (var f = 0; f < Count; f++) sum += frames[f * dims + d];
            _center[d] = Count == 0 ? 0 : (float)(sum / Count);
        }
        _clipPanel = new int[clipFrames.Count + 1];
        for (var c = 0; c < clipFrames.Count; c++) _clipPanel[c + 1] = _clipPanel[c] + (clipFrames[c] + Lanes - 1) / Lanes;
        _dummy = _clipPanel[^1];
        var panels = _dummy + 1;
        _panels = new float[panels * dims * Lanes];
        _lo = new float[panels * Lanes];
        _lo.AsSpan().Fill(Excluded);
        _hi = (float[])_lo.Clone();
        _slotFrame = new int[panels * Lanes];
        _slotFrame.AsSpan().Fill(-1);
        _screenable = true;
        Span<float> centred = stackalloc float[dims];
        for (int c = 0, f = 0; c < clipFrames.Count; c++)
            for (var i = 0; i < clipFrames[c]; i++, f++)
            {
                var slot = _clipPanel[c] * Lanes + i;
                _slotFrame[slot] = f;
                Centre(frames.AsSpan(f * dims, dims), centred);
                _screenable &= DistanceBound.Screenable(centred, out var norm2);
                for (var d = 0; d < dims; d++) _panels[(slot / Lanes * dims + d) * Lanes + slot % Lanes] = centred[d];
                (_lo[slot], _hi[slot]) = ((float)(norm2 * (1 - _relative)), (float)(norm2 * (1 + _relative)));
            }
    }

    public int Dims { get; }
    public int Count { get; }
    public int Clips => _clipPanel.Length - 1;

    /// <summary>The whole bank.</summary>
    public View All => new(this, []);

    /// <summary>The bank without the given clips (ascending, distinct); shares everything with the bank.</summary>
    public View Without(IReadOnlyList<int> clips) => new(this, [.. clips]);

    /// <summary>A bank with some clips left out: the clips' indices, nothing else.</summary>
    internal sealed class View(FrameBank bank, int[] leftOut)
    {
        /// <summary>
        /// The min(k, count) largest of the <paramref name="count"/> query frames' squared distances to their
        /// nearest frame of the view, in no particular order; equal as a multiset to brute force over every frame.
        /// </summary>
        public double[] LargestNearestSquared(ReadOnlySpan<float> queries, int count, int k) => bank.Largest(queries, count, k, Panels());

        /// <summary>The panels to visit, ascending: those of the clips not left out.</summary>
        private int[] Panels()
        {
            var panels = new List<int>(bank._dummy);
            var next = 0;
            foreach (var c in leftOut.Append(bank.Clips))
            {
                for (var p = bank._clipPanel[next]; p < bank._clipPanel[c]; p++) panels.Add(p);
                next = c + 1;
            }
            return [.. panels];
        }
    }

    private double[] Largest(ReadOnlySpan<float> queries, int count, int k, int[] visit)
    {
        k = Math.Min(k, count);
        var state = new SearchState(count, Dims);
        var screenable = _screenable;
        for (var q = 0; q < state.Padded; q++)
        {
            var src = queries.Slice(Math.Min(q, count - 1) * Dims, Dims);
            var dst = state.Queries.AsSpan(q * Dims, Dims);
            Centre(src, dst);
            screenable &= DistanceBound.Screenable(dst, out var norm2);
            (state.QueryLo[q], state.QueryHi[q]) = ((float)(norm2 * (1 - _relative)) - DistanceBound.Absolute, (float)(norm2 * (1 + _relative)) + DistanceBound.Absolute);
            state.Bound[q] = NoBound - state.QueryLo[q];
        }
        if (!screenable)
        {
            var all = new double[count];
            for (var q = 0; q < count; q++) all[q] = DirectNearest(queries.Slice(q * Dims, Dims), visit);
            Array.Sort(all);
            return all[(count - k)..];
        }
        if (count == 0) return [];
        var pilot = visit.Where((_, i) => i % PilotStride == 0).ToArray();
        var rest = visit.Where((_, i) => i % PilotStride != 0).ToArray();
        Screen([.. Enumerable.Range(0, state.Padded)], pilot, state, double.NegativeInfinity);
        // The k frames of largest pilot bound are completed first; the k-th largest exact value among them (kth)
        // is a lower bound of the final k-th largest, so any other frame whose bound falls to kth or below is
        // dropped as soon as it does: its nearest distance cannot be above the k largest (a tie brings an equal value).
        var order = Enumerable.Range(0, count).OrderByDescending(q => state.Threshold[q]).ThenBy(q => q).ToArray();
        var first = Screen(order[..k], rest, state, double.NegativeInfinity);
        var exact = new List<double>(count);
        foreach (var q in first) exact.Add(Exact(q, queries, state));
        var kth = exact.Min();
        foreach (var q in Screen([.. order[k..].Where(q => state.Threshold[q] > kth)], rest, state, kth)) exact.Add(Exact(q, queries, state));
        exact.Sort();
        return exact[(exact.Count - k)..].ToArray();
    }

    private double Exact(int q, ReadOnlySpan<float> queries, SearchState state)
    {
        var threshold = state.Threshold[q];
        return DirectNearest(queries.Slice(q * Dims, Dims), state.Candidates[q].Where(c => c.Lower <= threshold).Select(c => c.Slot));
    }

    /// <summary>
    /// The kernel over <paramref name="visit"/>'s panels for the query slots, in groups of 4 (the last padded by
    /// repeating a slot), chunk by chunk; after each chunk, slots whose bound fell to <paramref name="drop"/> or
    /// below leave. Returns the slots that stayed to the end (their search is complete).
    /// </summary>
    private int[] Screen(int[] slots, int[] visit, SearchState state, double drop)
    {
        if (_wide && visit.Length % 2 == 1) visit = [.. visit, _dummy];
        var chunk = Math.Max(2, ChunkBytes / (Dims * Lanes * sizeof(float)) / 2 * 2);
        for (var start = 0; start < visit.Length && slots.Length > 0; start += chunk)
        {
            var part = visit.AsSpan(start, Math.Min(chunk, visit.Length - start));
            for (var g = 0; g < slots.Length; g += Group)
            {
                var (a, b, c, d) = (slots[g], slots[Math.Min(g + 1, slots.Length - 1)], slots[Math.Min(g + 2, slots.Length - 1)], slots[Math.Min(g + 3, slots.Length - 1)]);
                if (_wide) WideKernel(a, b, c, d, part, state);
                else Kernel(a, b, c, d, part, state);
            }
            if (drop > double.NegativeInfinity) slots = [.. slots.Where(q => state.Threshold[q] > drop)];
        }
        return slots;
    }

    private void Kernel(int s0, int s1, int s2, int s3, ReadOnlySpan<int> visit, SearchState state)
    {
        var dims = Dims;
        ref var panels = ref MemoryMarshal.GetArrayDataReference(_panels);
        ref var lo = ref MemoryMarshal.GetArrayDataReference(_lo);
        ref var q0 = ref state.Queries[s0 * dims];
        ref var q1 = ref state.Queries[s1 * dims];
        ref var q2 = ref state.Queries[s2 * dims];
        ref var q3 = ref state.Queries[s3 * dims];
        var minus2 = Vector256.Create(-2f);
        foreach (var p in visit)
        {
            Vector256<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
            var off = (nuint)(p * dims * Lanes);
            for (var d = 0; d < dims; d++, off += Lanes)
            {
                var b0 = Vector256.LoadUnsafe(ref panels, off);
                var b1 = Vector256.LoadUnsafe(ref panels, off + 8);
                var x = Vector256.Create(Unsafe.Add(ref q0, d));
                a00 = Vector256.MultiplyAddEstimate(x, b0, a00); a01 = Vector256.MultiplyAddEstimate(x, b1, a01);
                x = Vector256.Create(Unsafe.Add(ref q1, d));
                a10 = Vector256.MultiplyAddEstimate(x, b0, a10); a11 = Vector256.MultiplyAddEstimate(x, b1, a11);
                x = Vector256.Create(Unsafe.Add(ref q2, d));
                a20 = Vector256.MultiplyAddEstimate(x, b0, a20); a21 = Vector256.MultiplyAddEstimate(x, b1, a21);
                x = Vector256.Create(Unsafe.Add(ref q3, d));
                a30 = Vector256.MultiplyAddEstimate(x, b0, a30); a31 = Vector256.MultiplyAddEstimate(x, b1, a31);
            }
            var lo0 = Vector256.LoadUnsafe(ref lo, (nuint)(p * Lanes));
            var lo1 = Vector256.LoadUnsafe(ref lo, (nuint)(p * Lanes + 8));
            // Lower bound minus the query's part: lo − 2·dot ≤ bound[q] ⇔ the frame may be the nearest.
            Check(s0, p, Vector256.MultiplyAddEstimate(a00, minus2, lo0), Vector256.MultiplyAddEstimate(a01, minus2, lo1), a00, a01, state);
            Check(s1, p, Vector256.MultiplyAddEstimate(a10, minus2, lo0), Vector256.MultiplyAddEstimate(a11, minus2, lo1), a10, a11, state);
            Check(s2, p, Vector256.MultiplyAddEstimate(a20, minus2, lo0), Vector256.MultiplyAddEstimate(a21, minus2, lo1), a20, a21, state);
            Check(s3, p, Vector256.MultiplyAddEstimate(a30, minus2, lo0), Vector256.MultiplyAddEstimate(a31, minus2, lo1), a30, a31, state);
        }
    }

    /// <summary>As <see cref="Kernel"/> with 512-bit vectors: 4 query frames × 2 panels (32 bank frames) per step.</summary>
    private void WideKernel(int s0, int s1, int s2, int s3, ReadOnlySpan<int> visit, SearchState state)
    {
        var dims = Dims;
        ref var panels = ref MemoryMarshal.GetArrayDataReference(_panels);
        ref var lo = ref MemoryMarshal.GetArrayDataReference(_lo);
        ref var q0 = ref state.Queries[s0 * dims];
        ref var q1 = ref state.Queries[s1 * dims];
        ref var q2 = ref state.Queries[s2 * dims];
        ref var q3 = ref state.Queries[s3 * dims];
        var minus2 = Vector512.Create(-2f);
        for (var i = 0; i < visit.Length; i += 2)
        {
            var (p, r) = (visit[i], visit[i + 1]);
            Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
            var off0 = (nuint)(p * dims * Lanes);
            var off1 = (nuint)(r * dims * Lanes);
            for (var d = 0; d < dims; d++, off0 += Lanes, off1 += Lanes)
            {
                var b0 = Vector512.LoadUnsafe(ref panels, off0);
                var b1 = Vector512.LoadUnsafe(ref panels, off1);
                var x = Vector512.Create(Unsafe.Add(ref q0, d));
                a00 = Vector512.MultiplyAddEstimate(x, b0, a00); a01 = Vector512.MultiplyAddEstimate(x, b1, a01);
                x = Vector512.Create(Unsafe.Add(ref q1, d));
                a10 = Vector512.MultiplyAddEstimate(x, b0, a10); a11 = Vector512.MultiplyAddEstimate(x, b1, a11);
                x = Vector512.Create(Unsafe.Add(ref q2, d));
                a20 = Vector512.MultiplyAddEstimate(x, b0, a20); a21 = Vector512.MultiplyAddEstimate(x, b1, a21);
                x = Vector512.Create(Unsafe.Add(ref q3, d));
                a30 = Vector512.MultiplyAddEstimate(x, b0, a30); a31 = Vector512.MultiplyAddEstimate(x, b1, a31);
            }
            var lo0 = Vector512.LoadUnsafe(ref lo, (nuint)(p * Lanes));
            var lo1 = Vector512.LoadUnsafe(ref lo, (nuint)(r * Lanes));
            Check(s0, p, Vector512.MultiplyAddEstimate(a00, minus2, lo0), a00, state);
            Check(s0, r, Vector512.MultiplyAddEstimate(a01, minus2, lo1), a01, state);
            Check(s1, p, Vector512.MultiplyAddEstimate(a10, minus2, lo0), a10, state);
            Check(s1, r, Vector512.MultiplyAddEstimate(a11, minus2, lo1), a11, state);
            Check(s2, p, Vector512.MultiplyAddEstimate(a20, minus2, lo0), a20, state);
            Check(s2, r, Vector512.MultiplyAddEstimate(a21, minus2, lo1), a21, state);
            Check(s3, p, Vector512.MultiplyAddEstimate(a30, minus2, lo0), a30, state);
            Check(s3, r, Vector512.MultiplyAddEstimate(a31, minus2, lo1), a31, state);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Check(int q, int p, Vector512<float> low, Vector512<float> dot, SearchState state)
    {
        if (Vector512.LessThanOrEqualAny(low, Vector512.Create(state.Bound[q])))
            Record(q, p, low.GetLower(), low.GetUpper(), dot.GetLower(), dot.GetUpper(), state);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Check(int q, int p, Vector256<float> low0, Vector256<float> low1, Vector256<float> dot0, Vector256<float> dot1, SearchState state)
    {
        var bound = Vector256.Create(state.Bound[q]);
        if (Vector256.LessThanOrEqualAny(low0, bound) || Vector256.LessThanOrEqualAny(low1, bound)) Record(q, p, low0, low1, dot0, dot1, state);
    }

    /// <summary>Rare path: lower the query's threshold to the panel's smallest upper bound, then keep the frames under it.</summary>
    private void Record(int q, int p, Vector256<float> low0, Vector256<float> low1, Vector256<float> dot0, Vector256<float> dot1, SearchState state)
    {
        var minus2 = Vector256.Create(-2f);
        var up0 = Vector256.MultiplyAddEstimate(dot0, minus2, Vector256.LoadUnsafe(ref _hi[0], (nuint)(p * Lanes)));
        var up1 = Vector256.MultiplyAddEstimate(dot1, minus2, Vector256.LoadUnsafe(ref _hi[0], (nuint)(p * Lanes + 8)));
        var upper = Vector256.Min(up0, up1);
        var threshold = state.Threshold[q];
        for (var l = 0; l < 8; l++) threshold = Math.Min(threshold, upper.GetElement(l) + state.QueryHi[q]);
        state.Threshold[q] = threshold;
        var bound = state.Bound[q] = threshold - state.QueryLo[q];
        var list = state.Candidates[q];
        for (var l = 0; l < Lanes; l++)
        {
            var low = l < 8 ? low0.GetElement(l) : low1.GetElement(l - 8);
            if (low <= bound) list.Add((p * Lanes + l, low + state.QueryLo[q]));
        }
        if (list.Count > 512) list.RemoveAll(c => c.Lower > threshold);
    }

    /// <summary>The direct nearest squared distance over the given slots (padding skipped); +max when none.</summary>
    private double DirectNearest(ReadOnlySpan<float> query, IEnumerable<int> slots)
    {
        var best = double.MaxValue;
        foreach (var s in slots)
        {
            var f = _slotFrame[s];
            if (f < 0) continue;
            var d = SquaredDistance(query, _frames.AsSpan(f * Dims, Dims));
            if (d < best) best = d;   // as the reference: a NaN distance never wins
        }
        return best;
    }

    private double DirectNearest(ReadOnlySpan<float> query, int[] panels) =>
        DirectNearest(query, panels.SelectMany(p => Enumerable.Range(p * Lanes, Lanes)));

    /// <summary>The direct formula: squared differences summed in double in dimension order.</summary>
    internal static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double acc = 0;
        for (var i = 0; i < a.Length; i++) { var d = (double)a[i] - b[i]; acc += d * d; }
        return acc;
    }

    private void Centre(ReadOnlySpan<float> frame, Span<float> into)
    {
        for (var d = 0; d < Dims; d++) into[d] = (float)((double)frame[d] - _center[d]);
    }

    private sealed class SearchState
    {
        public SearchState(int count, int dims)
        {
            Padded = (count + Group - 1) / Group * Group;
            Queries = new float[Padded * dims];
            (QueryLo, QueryHi, Bound) = (new float[Padded], new float[Padded], new float[Padded]);
            Threshold = Enumerable.Repeat(NoBound, Padded).ToArray();
            Candidates = Enumerable.Range(0, Padded).Select(_ => new List<(int Slot, float Lower)>()).ToArray();
        }

        public int Padded { get; }
        public float[] Queries { get; }
        public float[] QueryLo { get; }
        public float[] QueryHi { get; }
        public float[] Bound { get; }
        public float[] Threshold { get; }
        public List<(int Slot, float Lower)>[] Candidates { get; }
    }
}

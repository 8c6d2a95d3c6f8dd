using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Asd.Workflow.Scoring.Methods;

/// <summary>
/// Bank frames for exact nearest-frame search. A blocked float32 pass screens the bank: frames are centred on the
/// bank's mean frame and laid out in panels of 16 (panel p, dimension d, lane l at [(p·dims + d)·16 + l]); a
/// micro-kernel computes 4 query frames × 16 bank frames of dot products per step over cache-sized chunks of the
/// bank, and keeps per query frame the smallest upper bound seen and the frames whose lower bound does not exceed
/// it (<see cref="DistanceBound"/>). Those candidates are recomputed by the direct formula (double, dimension
/// order), so the nearest squared distances equal the brute-force ones to the last bit. Each query's result
/// depends only on its own candidates: no thread count or scheduling enters.
/// </summary>
internal sealed class FrameBank
{
    private const int Lanes = 16, Group = 4, ChunkBytes = 256 * 1024;
    private const float Excluded = 1e30f, NoBound = 1e29f;

    private readonly float[] _frames;   // raw frames, n × dims: what the direct formula reads
    private readonly float[] _center, _panels;
    private readonly float[] _lo, _hi;  // per lane ‖b‖²(1 ∓ ρ); Excluded for padding and left-out frames
    private readonly bool[] _excluded;
    private readonly bool[] _skipPanel; // every lane left out: the kernel skips the panel
    private readonly bool _screenable, _wide;
    private readonly float _relative;

    /// <param name="wide">512-bit kernel (two panels per step); by default where the hardware runs it natively.</param>
    public FrameBank(float[] frames, int dims, bool? wide = null)
    {
        (_frames, Dims, Count, _wide) = (frames, dims, frames.Length / dims, wide ?? Vector512.IsHardwareAccelerated);
        _relative = DistanceBound.Relative(dims);
        _center = new float[dims];
        for (var d = 0; d < dims; d++)
        {
            double sum = 0;
            for (var f = 0; f < Count; f++) sum += frames[f * dims + d];
            _center[d] = Count == 0 ? 0 : (float)(sum / Count);
        }
        var panels = (Count + 2 * Lanes - 1) / (2 * Lanes) * 2;   // even: the wide kernel takes panels in pairs
        _panels = new float[panels * dims * Lanes];
        _lo = Enumerable.Repeat(Excluded, panels * Lanes).ToArray();
        _hi = (float[])_lo.Clone();
        _excluded = new bool[Count];
        _skipPanel = new bool[panels];
        if (Count <= (panels - 1) * Lanes) _skipPanel[^1] = true;
        _screenable = true;
        Span<float> centred = stackalloc float[dims];
        for (var f = 0; f < Count && _screenable; f++)
        {
            Centre(frames.AsSpan(f * dims, dims), centred);
            _screenable = DistanceBound.Screenable(centred, out var norm2);
            for (var d = 0; d < dims; d++) _panels[(f / Lanes * dims + d) * Lanes + f % Lanes] = centred[d];
            (_lo[f], _hi[f]) = ((float)(norm2 * (1 - _relative)), (float)(norm2 * (1 + _relative)));
        }
    }

    private FrameBank(FrameBank full, bool[] excluded, float[] lo, float[] hi)
    {
        (_frames, Dims, Count, _center, _panels, _screenable, _relative, _wide) =
            (full._frames, full.Dims, full.Count, full._center, full._panels, full._screenable, full._relative, full._wide);
        (_excluded, _lo, _hi) = (excluded, lo, hi);
        _skipPanel = Enumerable.Range(0, lo.Length / Lanes).Select(p => lo.AsSpan(p * Lanes, Lanes).IndexOfAnyExcept(Excluded) < 0).ToArray();
    }

    public int Dims { get; }
    public int Count { get; }

    /// <summary>The bank without the given frame ranges; shares the frames and panels.</summary>
    public FrameBank Without(IEnumerable<(int Start, int Length)> ranges)
    {
        var (excluded, lo, hi) = ((bool[])_excluded.Clone(), (float[])_lo.Clone(), (float[])_hi.Clone());
        foreach (var (start, length) in ranges)
            for (var f = start; f < start + length; f++) (excluded[f], lo[f], hi[f]) = (true, Excluded, Excluded);
        return new FrameBank(this, excluded, lo, hi);
    }

    /// <summary>For each of the <paramref name="count"/> query frames, the squared distance to its nearest bank frame.</summary>
    public double[] NearestSquared(ReadOnlySpan<float> queries, int count)
    {
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
        var nearest = new double[count];
        if (!screenable)
        {
            for (var q = 0; q < count; q++) nearest[q] = DirectNearest(queries.Slice(q * Dims, Dims), Enumerable.Range(0, Count));
            return nearest;
        }
        var panels = _lo.Length / Lanes;
        var chunk = Math.Max(2, ChunkBytes / (Dims * Lanes * sizeof(float)) / 2 * 2);
        for (var start = 0; start < panels; start += chunk)
            for (var g = 0; g < state.Padded; g += Group)
                if (_wide) WideKernel(g, start, Math.Min(panels, start + chunk), state);
                else Kernel(g, start, Math.Min(panels, start + chunk), state);
        for (var q = 0; q < count; q++)
        {
            var threshold = state.Threshold[q];
            nearest[q] = DirectNearest(queries.Slice(q * Dims, Dims), state.Candidates[q].Where(c => c.Lower <= threshold).Select(c => c.Frame));
        }
        return nearest;
    }

    private void Kernel(int g, int panelStart, int panelEnd, SearchState state)
    {
        var dims = Dims;
        ref var panels = ref MemoryMarshal.GetArrayDataReference(_panels);
        ref var lo = ref MemoryMarshal.GetArrayDataReference(_lo);
        ref var q0 = ref state.Queries[g * dims];
        ref var q1 = ref state.Queries[(g + 1) * dims];
        ref var q2 = ref state.Queries[(g + 2) * dims];
        ref var q3 = ref state.Queries[(g + 3) * dims];
        var minus2 = Vector256.Create(-2f);
        for (var p = panelStart; p < panelEnd; p++)
        {
            if (_skipPanel[p]) continue;
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
            Check(g, p, Vector256.MultiplyAddEstimate(a00, minus2, lo0), Vector256.MultiplyAddEstimate(a01, minus2, lo1), a00, a01, state);
            Check(g + 1, p, Vector256.MultiplyAddEstimate(a10, minus2, lo0), Vector256.MultiplyAddEstimate(a11, minus2, lo1), a10, a11, state);
            Check(g + 2, p, Vector256.MultiplyAddEstimate(a20, minus2, lo0), Vector256.MultiplyAddEstimate(a21, minus2, lo1), a20, a21, state);
            Check(g + 3, p, Vector256.MultiplyAddEstimate(a30, minus2, lo0), Vector256.MultiplyAddEstimate(a31, minus2, lo1), a30, a31, state);
        }
    }

    /// <summary>As <see cref="Kernel"/> with 512-bit vectors: 4 query frames × 2 panels (32 bank frames) per step.</summary>
    private void WideKernel(int g, int panelStart, int panelEnd, SearchState state)
    {
        var dims = Dims;
        ref var panels = ref MemoryMarshal.GetArrayDataReference(_panels);
        ref var lo = ref MemoryMarshal.GetArrayDataReference(_lo);
        ref var q0 = ref state.Queries[g * dims];
        ref var q1 = ref state.Queries[(g + 1) * dims];
        ref var q2 = ref state.Queries[(g + 2) * dims];
        ref var q3 = ref state.Queries[(g + 3) * dims];
        var minus2 = Vector512.Create(-2f);
        for (var p = panelStart; p < panelEnd; p += 2)
        {
            if (_skipPanel[p] && _skipPanel[p + 1]) continue;
            Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
            var off0 = (nuint)(p * dims * Lanes);
            var off1 = off0 + (nuint)(dims * Lanes);
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
            var lo1 = Vector512.LoadUnsafe(ref lo, (nuint)((p + 1) * Lanes));
            Check(g, p, Vector512.MultiplyAddEstimate(a00, minus2, lo0), a00, state);
            Check(g, p + 1, Vector512.MultiplyAddEstimate(a01, minus2, lo1), a01, state);
            Check(g + 1, p, Vector512.MultiplyAddEstimate(a10, minus2, lo0), a10, state);
            Check(g + 1, p + 1, Vector512.MultiplyAddEstimate(a11, minus2, lo1), a11, state);
            Check(g + 2, p, Vector512.MultiplyAddEstimate(a20, minus2, lo0), a20, state);
            Check(g + 2, p + 1, Vector512.MultiplyAddEstimate(a21, minus2, lo1), a21, state);
            Check(g + 3, p, Vector512.MultiplyAddEstimate(a30, minus2, lo0), a30, state);
            Check(g + 3, p + 1, Vector512.MultiplyAddEstimate(a31, minus2, lo1), a31, state);
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

    private double DirectNearest(ReadOnlySpan<float> query, IEnumerable<int> frames)
    {
        var best = double.MaxValue;
        foreach (var f in frames)
        {
            if (_excluded[f]) continue;
            var d = SquaredDistance(query, _frames.AsSpan(f * Dims, Dims));
            if (d < best) best = d;   // as the reference: a NaN distance never wins
        }
        return best;
    }

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
            Candidates = Enumerable.Range(0, Padded).Select(_ => new List<(int Frame, float Lower)>()).ToArray();
        }

        public int Padded { get; }
        public float[] Queries { get; }
        public float[] QueryLo { get; }
        public float[] QueryHi { get; }
        public float[] Bound { get; }
        public float[] Threshold { get; }
        public List<(int Frame, float Lower)>[] Candidates { get; }
    }
}

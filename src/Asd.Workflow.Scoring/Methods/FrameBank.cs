using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Asd.Workflow.Scoring.Methods;

/// <summary>
/// Bank frames for exact frame matching: the <c>k</c> largest of the query frames' nearest squared distances. A
/// blocked float32 pass screens the bank: frames are centred on the bank's mean frame and laid out in panels of 16
/// (panel p, dimension d, lane l at [(p·dims + d)·16 + l]), each clip starting a panel so that leaving clips out
/// only skips panels; a micro-kernel computes dot products of a group of 8 query frames with 32 bank frames per step
/// (512-bit; 256-bit: two passes of 4 query frames × 16 bank frames) over cache-sized chunks of the visited panels,
/// and keeps per query frame the smallest upper bound seen and the frames whose lower bound does not exceed it
/// (<see cref="DistanceBound"/>). Those candidates are recomputed by the direct formula (double, dimension order), so
/// every nearest squared distance that is computed equals the brute-force one to the last bit.
/// </summary>
/// <remarks>
/// Only the k largest nearest distances enter a score, so not every query frame needs its nearest distance. The
/// visited clips are ordered nearest first (by the distance of a clip's mean frame to the query frames' mean), and a
/// pilot pass over the first 1/<see cref="PilotStride"/> of the panels gives each query frame an upper bound of its
/// nearest distance from the most similar clips; the k frames of largest bound are completed over the other panels,
/// and the k-th largest of their exact values is a lower bound of the final k-th largest. The other frames then scan
/// the other panels a group at a time, chunk by chunk (small chunks first), and a frame leaves as soon as its upper
/// bound falls to that value or below: its nearest distance cannot be above the k largest (on a tie it brings an
/// equal value). The order changes only the work: a frame's nearest bank frame has a lower bound at or below every
/// upper bound, so it is recorded whenever it is visited, and a bound only ever decreases. The result is therefore
/// the same multiset as brute force over every frame. Each query's result depends only on its own frames and the
/// bank: no thread count or scheduling enters. Memory: the frames, their panels, per-panel bounds and per-clip mean
/// frames, once per bank; a <see cref="View"/> that leaves clips out holds only their indices.
/// </remarks>
internal sealed class FrameBank
{
    private const int Lanes = 16, Group = 8, Half = Group / 2, PilotStride = 16, ChunkBytes = 256 * 1024, FirstChunk = 8;
    private const float Excluded = 1e30f, NoBound = 1e29f;

    private readonly float[] _frames;    // raw frames, n × dims: what the direct formula reads
    private readonly float[] _center, _panels;
    private readonly float[] _lo, _hi;   // per slot ‖b‖²(1 ∓ ρ); Excluded for padding slots
    private readonly int[] _slotFrame;   // frame of each slot (panel·16 + lane), −1 for padding
    private readonly int[] _clipPanel;   // first panel of each clip; one extra entry: the panels holding frames
    private readonly int[] _panelClip;   // clip of each panel; Clips for the dummy
    private readonly float[] _clipMean;  // per clip, its centred frames' mean: orders the visit (work only)
    private readonly int _dummy;         // an all-padding panel: pairs up an odd panel for the wide kernel
    private readonly bool _screenable, _wide, _nearestFirst;
    private readonly float _relative;

    /// <param name="frames">n × dims frames, clip after clip.</param>
    /// <param name="clipFrames">frames of each clip (sum n); null: one clip.</param>
    /// <param name="wide">512-bit kernel (two panels per step); by default where the hardware runs it natively.</param>
    /// <param name="nearestFirst">visit the clips nearest first (false: ascending; same result).</param>
    public FrameBank(float[] frames, int dims, IReadOnlyList<int>? clipFrames = null, bool? wide = null, bool nearestFirst = true)
    {
        (_frames, Dims, Count, _wide, _nearestFirst) = (frames, dims, frames.Length / dims, wide ?? Vector512.IsHardwareAccelerated, nearestFirst);
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
        _panelClip = new int[panels];
        for (var c = 0; c <= clipFrames.Count; c++)
            for (var p = _clipPanel[c]; p < (c < clipFrames.Count ? _clipPanel[c + 1] : panels); p++) _panelClip[p] = c;
        _panels = new float[panels * dims * Lanes];
        _lo = new float[panels * Lanes];
        _lo.AsSpan().Fill(Excluded);
        _hi = (float[])_lo.Clone();
        _slotFrame = new int[panels * Lanes];
        _slotFrame.AsSpan().Fill(-1);
        _screenable = true;
        Span<float> centred = stackalloc float[dims];
        _clipMean = new float[clipFrames.Count * dims];
        for (int c = 0, f = 0; c < clipFrames.Count; c++)
            for (var i = 0; i < clipFrames[c]; i++, f++)
            {
                if (i == 0) MeanOf(frames.AsSpan(f * dims, clipFrames[c] * dims), _clipMean.AsSpan(c * dims, dims));
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
            var skipped = 0;
            foreach (var c in leftOut) skipped += bank._clipPanel[c + 1] - bank._clipPanel[c];
            var panels = new int[bank._dummy - skipped];
            for (int i = 0, next = 0, at = 0; i <= leftOut.Length; i++)
            {
                var c = i < leftOut.Length ? leftOut[i] : bank.Clips;
                for (var p = bank._clipPanel[next]; p < bank._clipPanel[c]; p++) panels[at++] = p;
                next = c + 1;
            }
            return panels;
        }
    }

    private double[] Largest(ReadOnlySpan<float> queries, int count, int k, int[] visit)
    {
        k = Math.Min(k, count);
        var state = new SearchState(count, Dims);
        var screenable = _screenable;
        Span<double> mean = stackalloc double[Dims];
        for (var q = 0; q < state.Padded; q++)
        {
            var src = queries.Slice(Math.Min(q, count - 1) * Dims, Dims);
            var dst = state.Queries.AsSpan(q * Dims, Dims);
            Centre(src, dst);
            screenable &= DistanceBound.Screenable(dst, out var norm2);
            (state.QueryLo[q], state.QueryHi[q]) = ((float)(norm2 * (1 - _relative)) - DistanceBound.Absolute, (float)(norm2 * (1 + _relative)) + DistanceBound.Absolute);
            state.Bound[q] = NoBound - state.QueryLo[q];
            if (q < count) for (var d = 0; d < Dims; d++) mean[d] += dst[d];
            foreach (ref var x in dst) x *= -2;
        }
        if (!screenable)
        {
            var all = new double[count];
            for (var q = 0; q < count; q++)
            {
                var best = double.MaxValue;
                foreach (var p in visit)
                    for (var s = p * Lanes; s < (p + 1) * Lanes; s++) best = Nearer(queries.Slice(q * Dims, Dims), s, best);
                all[q] = best;
            }
            Array.Sort(all);
            return all[(count - k)..];
        }
        if (count == 0) return [];
        if (_nearestFirst) visit = NearestFirst(visit, mean, count);
        var (pilot, rest) = Split(visit);
        var slots = new int[state.Padded];
        for (var q = 0; q < slots.Length; q++) slots[q] = q;
        Screen(slots, pilot, state, double.NegativeInfinity);
        // The k frames of largest pilot bound are completed first; the k-th largest exact value so far (kth) is a
        // lower bound of the final k-th largest, so any other frame whose bound falls to kth or below is dropped as
        // soon as it does: its nearest distance cannot be above the k largest (a tie brings an equal value). The others
        // follow a group at a time, in descending pilot bound, and kth is raised by each group's completed frames.
        var order = new int[count];
        for (var q = 0; q < count; q++) order[q] = q;
        var threshold = state.Threshold;
        Array.Sort(order, (x, y) => threshold[x] != threshold[y] ? threshold[y].CompareTo(threshold[x]) : x.CompareTo(y));
        var exact = new double[count];
        var n = Screen(order.AsSpan(0, k), rest, state, double.NegativeInfinity);
        for (var i = 0; i < n; i++) exact[i] = Exact(order[i], queries, state);
        var sorted = new double[count];
        for (var from = k; from < count; from += Group)
        {
            // kth: the k-th largest exact value so far, a lower bound of the final k-th largest that rises group by group.
            exact.AsSpan(0, n).CopyTo(sorted);
            Array.Sort(sorted, 0, n);
            var kth = sorted[n - k];
            var batch = 0;
            for (var i = from; i < Math.Min(from + Group, count); i++) if (threshold[order[i]] > kth) order[from + batch++] = order[i];
            var last = Screen(order.AsSpan(from, batch), rest, state, kth);
            for (var i = 0; i < last; i++) exact[n++] = Exact(order[from + i], queries, state);
        }
        Array.Sort(exact, 0, n);
        return exact[(n - k)..n];
    }

    /// <summary>The pilot (the first 1/<see cref="PilotStride"/> of the visit) and the others, in order; for the wide kernel each padded to even length by the dummy panel.</summary>
    private (int[] Pilot, int[] Others) Split(int[] visit)
    {
        var pilotCount = (visit.Length + PilotStride - 1) / PilotStride;
        var restCount = visit.Length - pilotCount;
        int Even(int n) => _wide ? n + n % 2 : n;
        var (pilot, rest) = (new int[Even(pilotCount)], new int[Even(restCount)]);
        visit.AsSpan(0, pilotCount).CopyTo(pilot);
        visit.AsSpan(pilotCount).CopyTo(rest);
        if (pilot.Length > pilotCount) pilot[^1] = _dummy;
        if (rest.Length > restCount) rest[^1] = _dummy;
        return (pilot, rest);
    }

    /// <summary>
    /// The visited panels, clips in ascending squared distance of their mean frame to the query frames' mean (ties:
    /// clip ascending), panels ascending within a clip: the pilot then bounds every query frame by the most similar
    /// clips. Work only: the search's result does not depend on the order.
    /// </summary>
    private int[] NearestFirst(int[] visit, ReadOnlySpan<double> sum, int count)
    {
        Span<float> mean = stackalloc float[Dims];
        for (var d = 0; d < Dims; d++) mean[d] = (float)(sum[d] / count);
        var keys = new long[visit.Length];
        var clips = 0;
        for (var i = 0; i < visit.Length; i++)
        {
            var c = _panelClip[visit[i]];
            if (i > 0 && _panelClip[visit[i - 1]] == c) continue;
            var m = _clipMean.AsSpan(c * Dims, Dims);
            float d2 = 0;
            for (var d = 0; d < Dims; d++) { var x = m[d] - mean[d]; d2 += x * x; }
            // A non-negative float's bits order as the float; the clip (< 2³¹) breaks ties.
            keys[clips++] = ((long)BitConverter.SingleToInt32Bits(float.IsFinite(d2) ? d2 : float.MaxValue) << 31) | (uint)c;
        }
        Array.Sort(keys, 0, clips);
        var ordered = new int[visit.Length];
        for (int i = 0, at = 0; i < clips; i++)
        {
            var c = (int)(keys[i] & int.MaxValue);
            for (var p = _clipPanel[c]; p < _clipPanel[c + 1]; p++) ordered[at++] = p;
        }
        return ordered;
    }

    private double Exact(int q, ReadOnlySpan<float> queries, SearchState state)
    {
        var threshold = state.Threshold[q];
        var query = queries.Slice(q * Dims, Dims);
        var best = double.MaxValue;
        foreach (var c in CollectionsMarshal.AsSpan(state.Candidates[q]))
            if (c.Lower <= threshold) best = Nearer(query, c.Slot, best);
        return best;
    }

    /// <summary>
    /// The kernel over <paramref name="visit"/>'s panels (even length for the wide kernel) for the query slots, in
    /// groups of <see cref="Group"/> (the last padded by repeating a slot), chunk by chunk; with a <paramref name="drop"/>
    /// the chunks start small and double, and after each chunk the slots whose bound fell to <paramref name="drop"/> or
    /// below leave. Moves the slots that stayed to the end (their search is complete) to the front; returns their count.
    /// </summary>
    private int Screen(Span<int> slots, int[] visit, SearchState state, double drop)
    {
        var full = Math.Max(2, ChunkBytes / (Dims * Lanes * sizeof(float)) / 2 * 2);
        var chunk = drop > double.NegativeInfinity ? Math.Min(FirstChunk, full) : full;
        var n = slots.Length;
        Span<int> group = stackalloc int[Group];
        for (var start = 0; start < visit.Length && n > 0; start += chunk, chunk = Math.Min(2 * chunk, full))
        {
            var part = visit.AsSpan(start, Math.Min(chunk, visit.Length - start));
            for (var g = 0; g < n; g += Group)
            {
                for (var i = 0; i < Group; i++) group[i] = slots[Math.Min(g + i, n - 1)];
                state.Pack(group);
                if (n - g <= Half) Kernel(group[..Half], 0, part, state);   // a group of at most 4 frames: half the work
                else if (_wide) WideKernel(group, part, state);
                else
                {
                    Kernel(group[..Half], 0, part, state);
                    Kernel(group[Half..], Half, part, state);
                }
            }
            if (drop > double.NegativeInfinity)
            {
                var kept = 0;
                for (var i = 0; i < n; i++) if (state.Threshold[slots[i]] > drop) slots[kept++] = slots[i];
                n = kept;
            }
        }
        return n;
    }

    // The kernels keep no vector live across a call, so the JIT holds every accumulator in a register: a hit (rare)
    // stores them to the state's scratch and leaves the loop body through one call. The packed queries are the
    // centred queries times −2 (exact: a power of two), so an accumulator is −2·(query·bank frame) to the bit, and
    // lo + accumulator is the old lo − 2·dot, rounded once.

    /// <summary>256-bit kernel: 4 packed query frames (from <paramref name="first"/>) × one panel (16 bank frames) per step, 8 accumulators.</summary>
    private void Kernel(ReadOnlySpan<int> slots, int first, ReadOnlySpan<int> visit, SearchState state)
    {
        var dims = Dims;
        ref var panels = ref MemoryMarshal.GetArrayDataReference(_panels);
        ref var lo = ref MemoryMarshal.GetArrayDataReference(_lo);
        ref var packed = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(state.Packed), first);
        ref var bound = ref MemoryMarshal.GetArrayDataReference(state.Bound);
        var (s0, s1, s2, s3) = (slots[0], slots[1], slots[2], slots[3]);
        foreach (var p in visit)
        {
            Vector256<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
            ref var b = ref Unsafe.Add(ref panels, p * dims * Lanes);
            ref var x = ref packed;
            for (var d = 0; d < dims; d++, b = ref Unsafe.Add(ref b, Lanes), x = ref Unsafe.Add(ref x, Group))
            {
                var b0 = Vector256.LoadUnsafe(ref b);
                var b1 = Vector256.LoadUnsafe(ref b, 8);
                var q = Vector256.Create(x);
                a00 = Vector256.MultiplyAddEstimate(q, b0, a00); a01 = Vector256.MultiplyAddEstimate(q, b1, a01);
                q = Vector256.Create(Unsafe.Add(ref x, 1));
                a10 = Vector256.MultiplyAddEstimate(q, b0, a10); a11 = Vector256.MultiplyAddEstimate(q, b1, a11);
                q = Vector256.Create(Unsafe.Add(ref x, 2));
                a20 = Vector256.MultiplyAddEstimate(q, b0, a20); a21 = Vector256.MultiplyAddEstimate(q, b1, a21);
                q = Vector256.Create(Unsafe.Add(ref x, 3));
                a30 = Vector256.MultiplyAddEstimate(q, b0, a30); a31 = Vector256.MultiplyAddEstimate(q, b1, a31);
            }
            var lo0 = Vector256.LoadUnsafe(ref lo, (nuint)(p * Lanes));
            var lo1 = Vector256.LoadUnsafe(ref lo, (nuint)(p * Lanes + 8));
            // lo + acc ≤ bound[q] ⇔ the frame may be the nearest: one mask for the 4 frames.
            var (c0, c1, c2, c3) = (Vector256.Create(Unsafe.Add(ref bound, s0)), Vector256.Create(Unsafe.Add(ref bound, s1)),
                Vector256.Create(Unsafe.Add(ref bound, s2)), Vector256.Create(Unsafe.Add(ref bound, s3)));
            var hit = Vector256.LessThanOrEqual(lo0 + a00, c0) | Vector256.LessThanOrEqual(lo1 + a01, c0)
                | Vector256.LessThanOrEqual(lo0 + a10, c1) | Vector256.LessThanOrEqual(lo1 + a11, c1)
                | Vector256.LessThanOrEqual(lo0 + a20, c2) | Vector256.LessThanOrEqual(lo1 + a21, c2)
                | Vector256.LessThanOrEqual(lo0 + a30, c3) | Vector256.LessThanOrEqual(lo1 + a31, c3);
            if (hit == Vector256<float>.Zero) continue;
            ref var scratch = ref MemoryMarshal.GetArrayDataReference(state.Scratch);
            a00.StoreUnsafe(ref scratch, 0); a01.StoreUnsafe(ref scratch, 8);
            a10.StoreUnsafe(ref scratch, 16); a11.StoreUnsafe(ref scratch, 24);
            a20.StoreUnsafe(ref scratch, 32); a21.StoreUnsafe(ref scratch, 40);
            a30.StoreUnsafe(ref scratch, 48); a31.StoreUnsafe(ref scratch, 56);
            Hits(slots, p, state);
        }
    }

    /// <summary>512-bit kernel: <see cref="Group"/> (8) packed query frames × 2 panels (32 bank frames) per step, 16 accumulators.</summary>
    private void WideKernel(ReadOnlySpan<int> slots, ReadOnlySpan<int> visit, SearchState state)
    {
        var dims = Dims;
        ref var panels = ref MemoryMarshal.GetArrayDataReference(_panels);
        ref var lo = ref MemoryMarshal.GetArrayDataReference(_lo);
        ref var packed = ref MemoryMarshal.GetArrayDataReference(state.Packed);
        ref var bound = ref MemoryMarshal.GetArrayDataReference(state.Bound);
        for (var i = 0; i < visit.Length; i += 2)
        {
            var (p, r) = (visit[i], visit[i + 1]);
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
            ref var u = ref Unsafe.Add(ref panels, p * dims * Lanes);
            ref var v = ref Unsafe.Add(ref panels, r * dims * Lanes);
            ref var x = ref packed;
            for (var d = 0; d < dims; d++, u = ref Unsafe.Add(ref u, Lanes), v = ref Unsafe.Add(ref v, Lanes), x = ref Unsafe.Add(ref x, Group))
            {
                var pu = Vector512.LoadUnsafe(ref u);
                var pv = Vector512.LoadUnsafe(ref v);
                var q = Vector512.Create(x);
                a0 = Vector512.MultiplyAddEstimate(q, pu, a0); b0 = Vector512.MultiplyAddEstimate(q, pv, b0);
                q = Vector512.Create(Unsafe.Add(ref x, 1));
                a1 = Vector512.MultiplyAddEstimate(q, pu, a1); b1 = Vector512.MultiplyAddEstimate(q, pv, b1);
                q = Vector512.Create(Unsafe.Add(ref x, 2));
                a2 = Vector512.MultiplyAddEstimate(q, pu, a2); b2 = Vector512.MultiplyAddEstimate(q, pv, b2);
                q = Vector512.Create(Unsafe.Add(ref x, 3));
                a3 = Vector512.MultiplyAddEstimate(q, pu, a3); b3 = Vector512.MultiplyAddEstimate(q, pv, b3);
                q = Vector512.Create(Unsafe.Add(ref x, 4));
                a4 = Vector512.MultiplyAddEstimate(q, pu, a4); b4 = Vector512.MultiplyAddEstimate(q, pv, b4);
                q = Vector512.Create(Unsafe.Add(ref x, 5));
                a5 = Vector512.MultiplyAddEstimate(q, pu, a5); b5 = Vector512.MultiplyAddEstimate(q, pv, b5);
                q = Vector512.Create(Unsafe.Add(ref x, 6));
                a6 = Vector512.MultiplyAddEstimate(q, pu, a6); b6 = Vector512.MultiplyAddEstimate(q, pv, b6);
                q = Vector512.Create(Unsafe.Add(ref x, 7));
                a7 = Vector512.MultiplyAddEstimate(q, pu, a7); b7 = Vector512.MultiplyAddEstimate(q, pv, b7);
            }
            var (lu, lv) = (Vector512.LoadUnsafe(ref lo, (nuint)(p * Lanes)), Vector512.LoadUnsafe(ref lo, (nuint)(r * Lanes)));
            var c = Vector512.Create(Unsafe.Add(ref bound, slots[0]));
            var hit = Vector512.LessThanOrEqual(lu + a0, c) | Vector512.LessThanOrEqual(lv + b0, c);
            c = Vector512.Create(Unsafe.Add(ref bound, slots[1]));
            hit |= Vector512.LessThanOrEqual(lu + a1, c) | Vector512.LessThanOrEqual(lv + b1, c);
            c = Vector512.Create(Unsafe.Add(ref bound, slots[2]));
            hit |= Vector512.LessThanOrEqual(lu + a2, c) | Vector512.LessThanOrEqual(lv + b2, c);
            c = Vector512.Create(Unsafe.Add(ref bound, slots[3]));
            hit |= Vector512.LessThanOrEqual(lu + a3, c) | Vector512.LessThanOrEqual(lv + b3, c);
            c = Vector512.Create(Unsafe.Add(ref bound, slots[4]));
            hit |= Vector512.LessThanOrEqual(lu + a4, c) | Vector512.LessThanOrEqual(lv + b4, c);
            c = Vector512.Create(Unsafe.Add(ref bound, slots[5]));
            hit |= Vector512.LessThanOrEqual(lu + a5, c) | Vector512.LessThanOrEqual(lv + b5, c);
            c = Vector512.Create(Unsafe.Add(ref bound, slots[6]));
            hit |= Vector512.LessThanOrEqual(lu + a6, c) | Vector512.LessThanOrEqual(lv + b6, c);
            c = Vector512.Create(Unsafe.Add(ref bound, slots[7]));
            hit |= Vector512.LessThanOrEqual(lu + a7, c) | Vector512.LessThanOrEqual(lv + b7, c);
            if (hit == Vector512<float>.Zero) continue;
            ref var scratch = ref MemoryMarshal.GetArrayDataReference(state.Scratch);
            a0.StoreUnsafe(ref scratch, 0); a1.StoreUnsafe(ref scratch, 16); a2.StoreUnsafe(ref scratch, 32); a3.StoreUnsafe(ref scratch, 48);
            a4.StoreUnsafe(ref scratch, 64); a5.StoreUnsafe(ref scratch, 80); a6.StoreUnsafe(ref scratch, 96); a7.StoreUnsafe(ref scratch, 112);
            Hits(slots, p, state);
            b0.StoreUnsafe(ref scratch, 0); b1.StoreUnsafe(ref scratch, 16); b2.StoreUnsafe(ref scratch, 32); b3.StoreUnsafe(ref scratch, 48);
            b4.StoreUnsafe(ref scratch, 64); b5.StoreUnsafe(ref scratch, 80); b6.StoreUnsafe(ref scratch, 96); b7.StoreUnsafe(ref scratch, 112);
            Hits(slots, r, state);
        }
    }

    /// <summary>
    /// Rare path: the scratch holds one panel's 16 accumulators per query slot (slot i at 16·i); each slot with a lane
    /// whose lower bound is within its bound is recorded (a repeated padding slot once).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Hits(ReadOnlySpan<int> slots, int p, SearchState state)
    {
        for (var i = 0; i < slots.Length; i++)
        {
            if (i > 0 && slots[i] == slots[i - 1]) continue;
            var acc = state.Scratch.AsSpan(i * Lanes, Lanes);
            var bound = state.Bound[slots[i]];
            for (var l = 0; l < Lanes; l++)
                if (_lo[p * Lanes + l] + acc[l] <= bound) { Record(slots[i], p, acc, state); break; }
        }
    }

    /// <summary>Lower the query's threshold to the panel's smallest upper bound, then keep the frames under it.</summary>
    private void Record(int q, int p, ReadOnlySpan<float> acc, SearchState state)
    {
        var nearest = NoBound;
        for (var l = 0; l < Lanes; l++) nearest = Math.Min(nearest, _hi[p * Lanes + l] + acc[l] + state.QueryHi[q]);
        var threshold = state.Threshold[q] = Math.Min(state.Threshold[q], nearest);
        var bound = state.Bound[q] = threshold - state.QueryLo[q];
        var list = state.Candidates[q];
        for (var l = 0; l < Lanes; l++)
        {
            var low = _lo[p * Lanes + l] + acc[l];
            if (low <= bound) list.Add((p * Lanes + l, low + state.QueryLo[q]));
        }
        if (list.Count > 512) list.RemoveAll(c => c.Lower > threshold);
    }

    /// <summary>The direct distance to the slot's frame when it is below <paramref name="best"/> (padding skipped; as the reference, a NaN distance never wins).</summary>
    private double Nearer(ReadOnlySpan<float> query, int slot, double best)
    {
        var f = _slotFrame[slot];
        if (f < 0) return best;
        var d = SquaredDistance(query, _frames.AsSpan(f * Dims, Dims));
        return d < best ? d : best;
    }

    /// <summary>The direct formula: squared differences summed in double in dimension order.</summary>
    internal static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double acc = 0;
        for (var i = 0; i < a.Length; i++) { var d = (double)a[i] - b[i]; acc += d * d; }
        return acc;
    }

    /// <summary>The mean of the frames, centred (double sums, then float).</summary>
    private void MeanOf(ReadOnlySpan<float> frames, Span<float> into)
    {
        var n = frames.Length / Dims;
        for (var d = 0; d < Dims; d++)
        {
            double sum = 0;
            for (var f = 0; f < n; f++) sum += frames[f * Dims + d];
            into[d] = (float)(sum / n - _center[d]);
        }
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
            (Packed, Scratch) = (new float[dims * Group], new float[Group * Lanes]);
            (QueryLo, QueryHi, Bound) = (new float[Padded], new float[Padded], new float[Padded]);
            Threshold = new float[Padded];
            Threshold.AsSpan().Fill(NoBound);
            Candidates = Enumerable.Range(0, Padded).Select(_ => new List<(int Slot, float Lower)>()).ToArray();
        }

        public int Padded { get; }
        public float[] Queries { get; }     // centred query frames times −2
        public float[] Packed { get; }      // one group's queries, dimension-major: [d·Group + i]
        public float[] Scratch { get; }     // a hit's accumulators: Group × 16 lanes
        public float[] QueryLo { get; }
        public float[] QueryHi { get; }
        public float[] Bound { get; }
        public float[] Threshold { get; }
        public List<(int Slot, float Lower)>[] Candidates { get; }

        /// <summary>Interleaves the group's query frames into <see cref="Packed"/>.</summary>
        public void Pack(ReadOnlySpan<int> group)
        {
            var dims = Packed.Length / Group;
            for (var i = 0; i < Group; i++)
            {
                var q = Queries.AsSpan(group[i] * dims, dims);
                for (var d = 0; d < dims; d++) Packed[d * Group + i] = q[d];
            }
        }
    }
}

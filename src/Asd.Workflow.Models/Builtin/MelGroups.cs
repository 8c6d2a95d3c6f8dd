using Asd.Workflow.Audio.Features;

namespace Asd.Workflow.Models.Builtin;

/// <summary>
/// Where <see cref="OnnxLogMelModel.Build"/>'s DFT leaves each frequency bin. The DFT's output for one frame is
/// a grid of cells [slot, part, k1] (k1 ≤ N1/2, part: real or imaginary, slot: row k2 of the length-N2 DFT, in
/// the order below); bin b ≤ n_fft/2 is counted once, at (k1, k2) = (b mod N1, b div N1) when b mod N1 ≤ N1/2,
/// else at its mirror n_fft − b (|X[n_fft − b]|² = |X[b]|²). Rows k2 are ordered by the lowest bin they hold,
/// so that a range of neighbouring bins lies in a short range of cells.
/// </summary>
internal sealed class SpectrumCells
{
    public SpectrumCells(int nFft, int n1)
    {
        N1 = n1;
        H1 = n1 / 2 + 1;
        var n2 = nFft / n1;
        Bins = nFft / 2 + 1;
        _row = new int[Bins];
        _k1 = new int[Bins];
        var lowest = Enumerable.Repeat(int.MaxValue, n2).ToArray();
        for (var bin = 0; bin < Bins; bin++)
        {
            var at = bin % n1 < H1 ? bin : nFft - bin;
            (_k1[bin], _row[bin]) = (at % n1, at / n1);
            lowest[_row[bin]] = Math.Min(lowest[_row[bin]], bin);
        }
        Slot = new int[n2];
        var order = Enumerable.Range(0, n2).OrderBy(k2 => lowest[k2]).ThenBy(k2 => k2).ToArray();
        for (var s = 0; s < n2; s++) Slot[order[s]] = s;
        Count = 2 * H1 * n2;
    }

    private readonly int[] _row, _k1;

    public int N1 { get; }
    public int H1 { get; }
    public int Bins { get; }

    /// <summary>The slot of row k2 (a permutation of 0..N2−1).</summary>
    public int[] Slot { get; }

    /// <summary>Cells per frame: 2·(N1/2 + 1)·N2.</summary>
    public int Count { get; }

    /// <summary>The cell holding the real (part 0) or imaginary (part 1) component of bin b.</summary>
    public int Of(int bin, int part) => (2 * Slot[_row[bin]] + part) * H1 + _k1[bin];
}

/// <summary>
/// The mel bands split into groups of consecutive bands, each summed by its own MatMul over the contiguous range of
/// cells that holds all of the group's bins (both parts, squared: |X|² and the filter sum in one product). A dense
/// mel matrix multiplies every cell by every band though each bin feeds at most two; groups bring the work close to
/// the cells the bands touch. Grouping is a shortest path over band boundaries minimising Σ cells·bands' (bands
/// rounded up to the 16 columns a MatMul kernel computes at once) plus a fixed cost per group for the extra nodes.
/// </summary>
internal sealed record MelGroup(int FirstBand, int Bands, int FirstCell, int EndCell, float[] Matrix);

internal static class MelGroups
{
    private const int KernelColumns = 16;
    private const long CostPerGroup = 8192; // multiply-adds per frame that a Slice and a MatMul node cost to run (rough)

    public static IReadOnlyList<MelGroup> Of(MelFilterBank bank, SpectrumCells cells)
    {
        var m = bank.Weights.Length;
        var low = new int[m];
        var high = new int[m];
        for (var band = 0; band < m; band++)
        {
            (low[band], high[band]) = (int.MaxValue, -1);
            for (var j = 0; j < bank.Weights[band].Length; j++)
                for (var part = 0; part < 2; part++)
                {
                    var cell = cells.Of(bank.Start[band] + j, part);
                    (low[band], high[band]) = (Math.Min(low[band], cell), Math.Max(high[band], cell));
                }
        }
        var best = new long[m + 1];
        var from = new int[m + 1];
        for (var end = 1; end <= m; end++)
        {
            best[end] = long.MaxValue;
            for (var start = end - 1; start >= 0; start--)
            {
                var (first, last) = Range(low, high, start, end);
                var cost = best[start] + (long)(last - first) * ((end - start + KernelColumns - 1) / KernelColumns * KernelColumns) + CostPerGroup;
                if (cost < best[end]) (best[end], from[end]) = (cost, start);
            }
        }
        var groups = new List<MelGroup>();
        for (var end = m; end > 0; end = from[end]) groups.Add(Group(bank, cells, from[end], end, Range(low, high, from[end], end)));
        groups.Reverse();
        return groups;
    }

    /// <summary>Cells [first, end) of bands [start, end); one (zero) cell for bands without bins.</summary>
    private static (int First, int End) Range(int[] low, int[] high, int start, int end)
    {
        int first = int.MaxValue, last = -1;
        for (var band = start; band < end; band++) (first, last) = (Math.Min(first, low[band]), Math.Max(last, high[band]));
        return last < 0 ? (0, 1) : (first, last + 1);
    }

    private static MelGroup Group(MelFilterBank bank, SpectrumCells cells, int start, int end, (int First, int End) range)
    {
        var bands = end - start;
        var matrix = new float[(range.End - range.First) * bands];
        for (var band = start; band < end; band++)
            for (var j = 0; j < bank.Weights[band].Length; j++)
                for (var part = 0; part < 2; part++)
                    matrix[(cells.Of(bank.Start[band] + j, part) - range.First) * bands + band - start] = bank.Weights[band][j];
        return new MelGroup(start, bands, range.First, range.End, matrix);
    }
}

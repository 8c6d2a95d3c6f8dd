namespace Asd.Workflow.Scoring.Methods;

/// <summary>
/// Frame-level (localized) matching: each query frame's distance to its nearest bank frame (euclidean), and
/// the clip score is the mean of the <c>top</c> largest frame distances — a short anomalous event scores high
/// even when most frames match.
/// </summary>
/// <remarks>
/// Exact: nearest frames come from <see cref="FrameBank"/>'s screened search, bit-identical to brute force, so
/// scores equal the direct path's to the last bit. Leaving clips out masks their frames in the one bank.
/// </remarks>
public sealed class LocalizedScorer : IBankScorer
{
    private readonly FrameBank _bank;
    private readonly int[] _clipStart;   // first frame of each bank clip; one extra entry: the frame count
    private readonly int _dims, _top;

    public LocalizedScorer(IReadOnlyList<float[]> bankClips, int dims, int top)
    {
        (_dims, _top) = (dims, top);
        _clipStart = new int[bankClips.Count + 1];
        for (var c = 0; c < bankClips.Count; c++) _clipStart[c + 1] = _clipStart[c] + bankClips[c].Length / dims;
        var frames = new float[_clipStart[^1] * dims];
        for (var c = 0; c < bankClips.Count; c++) bankClips[c].AsSpan(0, (_clipStart[c + 1] - _clipStart[c]) * dims).CopyTo(frames.AsSpan(_clipStart[c] * dims));
        _bank = new FrameBank(frames, dims);
    }

    private LocalizedScorer(LocalizedScorer full, FrameBank bank) => (_bank, _clipStart, _dims, _top) = (bank, full._clipStart, full._dims, full._top);

    public int Count => _clipStart.Length - 1;

    public IScorer Without(IReadOnlyList<int> rows) =>
        new LocalizedScorer(this, _bank.Without(rows.Select(c => (_clipStart[c], _clipStart[c + 1] - _clipStart[c]))));

    public double Score(ReadOnlySpan<float> query)
    {
        var nearest = _bank.NearestSquared(query, query.Length / _dims);
        for (var f = 0; f < nearest.Length; f++) nearest[f] = Math.Sqrt(nearest[f]);
        Array.Sort(nearest);
        var k = Math.Min(_top, nearest.Length);
        double sum = 0;
        for (var i = nearest.Length - k; i < nearest.Length; i++) sum += nearest[i];
        return k == 0 ? 0 : sum / k;
    }
}

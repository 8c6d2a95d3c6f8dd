namespace Asd.Workflow.Scoring.Methods;

/// <summary>
/// Frame-level (localized) matching: each query frame's distance to its nearest bank frame (euclidean), and
/// the clip score is the mean of the <c>top</c> largest frame distances — a short anomalous event scores high
/// even when most frames match.
/// </summary>
/// <remarks>
/// Exact: the <c>top</c> largest nearest distances come from <see cref="FrameBank"/>'s screened search, the same
/// multiset as brute force to the last bit, and are summed in ascending order as the direct path sums them, so
/// scores equal the direct path's to the last bit. Leaving clips out skips their panels in the one bank: a
/// scorer without some clips holds their indices only.
/// </remarks>
public sealed class LocalizedScorer : IBankScorer
{
    private readonly FrameBank.View _view;
    private readonly FrameBank _bank;
    private readonly int _dims, _top;

    public LocalizedScorer(IReadOnlyList<float[]> bankClips, int dims, int top)
    {
        (_dims, _top) = (dims, top);
        var clipFrames = bankClips.Select(c => c.Length / dims).ToArray();
        var frames = new float[clipFrames.Sum() * dims];
        for (int c = 0, at = 0; c < bankClips.Count; at += clipFrames[c++] * dims) bankClips[c].AsSpan(0, clipFrames[c] * dims).CopyTo(frames.AsSpan(at));
        _bank = new FrameBank(frames, dims, clipFrames);
        _view = _bank.All;
    }

    private LocalizedScorer(LocalizedScorer full, FrameBank.View view) => (_bank, _view, _dims, _top) = (full._bank, view, full._dims, full._top);

    public int Count => _bank.Clips;

    public IScorer Without(IReadOnlyList<int> rows) => new LocalizedScorer(this, _bank.Without(rows));

    public double Score(ReadOnlySpan<float> query)
    {
        var largest = _view.LargestNearestSquared(query, query.Length / _dims, _top);
        for (var f = 0; f < largest.Length; f++) largest[f] = Math.Sqrt(largest[f]);
        Array.Sort(largest);
        double sum = 0;
        foreach (var d in largest) sum += d;
        return largest.Length == 0 ? 0 : sum / largest.Length;
    }
}

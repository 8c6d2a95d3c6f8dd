namespace Asd.Workflow.Scoring.Methods;

/// <summary>
/// Frame-level (localized) matching: each query frame's distance to its nearest bank frame (euclidean), and
/// the clip score is the mean of the <c>top</c> largest frame distances — a short anomalous event scores high
/// even when most frames match.
/// </summary>
public sealed class LocalizedScorer(IReadOnlyList<float[]> bankClips, int dims, int top) : IScorer
{
    private readonly float[][] _frames = bankClips.SelectMany(c => Split(c, dims)).ToArray();

    public double Score(ReadOnlySpan<float> query)
    {
        var frames = Split(query.ToArray(), dims).ToList();
        var nearest = new double[frames.Count];
        for (var f = 0; f < frames.Count; f++)
        {
            var best = double.MaxValue;
            foreach (var b in _frames)
            {
                double acc = 0;
                for (var i = 0; i < dims && acc < best; i++) { var d = (double)frames[f][i] - b[i]; acc += d * d; }
                if (acc < best) best = acc;
            }
            nearest[f] = Math.Sqrt(best);
        }
        Array.Sort(nearest);
        var k = Math.Min(top, nearest.Length);
        double sum = 0;
        for (var i = nearest.Length - k; i < nearest.Length; i++) sum += nearest[i];
        return k == 0 ? 0 : sum / k;
    }

    private static IEnumerable<float[]> Split(float[] clip, int dims)
    {
        for (var o = 0; o + dims <= clip.Length; o += dims) yield return clip[o..(o + dims)];
    }
}

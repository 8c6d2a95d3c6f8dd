namespace Asd.Workflow.Scoring.Methods;

/// <summary>
/// Mean distance to the k nearest bank vectors. Cosine distance is 1 − cos(x, b) (vectors L2-normalised
/// once); euclidean is the L2 distance. Sums in double, in bank order, so results do not depend on threads.
/// </summary>
public sealed class KnnScorer : IScorer
{
    private readonly float[][] _bank;
    private readonly int _k;
    private readonly bool _cosine;

    public KnnScorer(IReadOnlyList<float[]> bank, int k, bool cosine)
    {
        _cosine = cosine;
        _k = Math.Min(k, bank.Count);
        _bank = bank.Select(b => cosine ? Normalize(b) : b).ToArray();
    }

    public double Score(ReadOnlySpan<float> query)
    {
        var q = _cosine ? Normalize(query.ToArray()) : query.ToArray();
        var distances = new double[_bank.Length];
        for (var i = 0; i < _bank.Length; i++) distances[i] = Distance(q, _bank[i]);
        Array.Sort(distances);
        double sum = 0;
        for (var i = 0; i < _k; i++) sum += distances[i];
        return sum / _k;
    }

    private double Distance(float[] a, float[] b)
    {
        double acc = 0;
        if (_cosine)
        {
            for (var i = 0; i < a.Length; i++) acc += (double)a[i] * b[i];
            return 1 - acc;
        }
        for (var i = 0; i < a.Length; i++) { var d = (double)a[i] - b[i]; acc += d * d; }
        return Math.Sqrt(acc);
    }

    public static float[] Normalize(float[] v)
    {
        double norm = 0;
        foreach (var x in v) norm += (double)x * x;
        norm = Math.Sqrt(norm);
        return norm == 0 ? v : v.Select(x => (float)(x / norm)).ToArray();
    }
}

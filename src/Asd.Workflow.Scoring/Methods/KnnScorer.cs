using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Asd.Workflow.Scoring.Methods;

/// <summary>
/// Mean distance to the k nearest bank vectors. Cosine distance is 1 − cos(x, b) (vectors L2-normalised
/// once); euclidean is the L2 distance.
/// </summary>
/// <remarks>
/// Exact: scores are bit-identical to the direct path (each distance summed in double in dimension order, all
/// sorted, the k smallest summed in ascending order). A float32 SIMD pass screens the bank within the error
/// bound of <see cref="DistanceBound"/>: only rows whose lower bound does not exceed the k-th smallest upper
/// bound can be among the k nearest, and only those are recomputed by the direct formula. Non-finite or huge
/// values take the direct path over the whole bank. Single-threaded per query: no sum depends on threads.
/// </remarks>
public sealed class KnnScorer : IBankScorer
{
    private readonly float[][] _bank;   // as the direct formula sees them: normalised (cosine) or raw
    private readonly float[] _packed;   // n × dims: rows normalised (cosine) or centred on _center (euclidean)
    private readonly float[] _center;
    private readonly double[] _norm2;   // squared norms of the packed rows
    private readonly bool[]? _excluded;
    private readonly bool _screenable, _cosine;
    private readonly int _dims, _requestedK, _k, _remaining;

    public KnnScorer(IReadOnlyList<float[]> bank, int k, bool cosine)
    {
        _cosine = cosine;
        _requestedK = k;
        _bank = bank.Select(b => cosine ? Normalize(b) : b).ToArray();
        _remaining = _bank.Length;
        _k = Math.Min(k, _remaining);
        _dims = _bank.Length == 0 ? 0 : _bank[0].Length;
        _center = new float[_dims];
        if (!cosine && _bank.Length > 0)
            for (var i = 0; i < _dims; i++) _center[i] = (float)(_bank.Sum(b => (double)b[i]) / _bank.Length);
        _packed = new float[_bank.Length * _dims];
        _norm2 = new double[_bank.Length];
        _screenable = _bank.All(b => b.Length == _dims);
        for (var j = 0; j < _bank.Length && _screenable; j++)
        {
            var row = _packed.AsSpan(j * _dims, _dims);
            Center(_bank[j], row);
            _screenable = DistanceBound.Screenable(row, out _norm2[j]);
        }
    }

    private KnnScorer(KnnScorer full, bool[] excluded, int remaining)
    {
        (_bank, _packed, _center, _norm2, _screenable, _cosine, _dims, _requestedK) =
            (full._bank, full._packed, full._center, full._norm2, full._screenable, full._cosine, full._dims, full._requestedK);
        _excluded = excluded;
        _remaining = remaining;
        _k = Math.Min(_requestedK, remaining);
    }

    public int Count => _bank.Length;

    public IScorer Without(IReadOnlyList<int> rows)
    {
        var excluded = _excluded is null ? new bool[_bank.Length] : (bool[])_excluded.Clone();
        foreach (var r in rows) excluded[r] = true;
        return new KnnScorer(this, excluded, excluded.Count(e => !e));
    }

    public double Score(ReadOnlySpan<float> query)
    {
        var q = _cosine ? Normalize(query.ToArray()) : query.ToArray();
        var rows = Screen(q) ?? Enumerable.Range(0, _bank.Length).Where(j => _excluded is null || !_excluded[j]).ToList();
        var distances = new double[rows.Count];
        for (var i = 0; i < rows.Count; i++) distances[i] = Distance(q, _bank[rows[i]]);
        Array.Sort(distances);
        double sum = 0;
        for (var i = 0; i < _k; i++) sum += distances[i];
        return sum / _k;
    }

    /// <summary>The rows that can be among the k nearest, or null when screening cannot help or is not safe.</summary>
    private List<int>? Screen(float[] q)
    {
        if (!_screenable || q.Length != _dims || _k == 0 || 4 * _k >= _remaining) return null;
        var qc = new float[_dims];
        Center(q, qc);
        if (!DistanceBound.Screenable(qc, out var nq)) return null;
        double relative = DistanceBound.Relative(_dims), absolute = DistanceBound.Absolute;
        var lower = new double[_bank.Length]; // approximate distance minus its error bound
        var top = new TopK(_k);
        for (var j = 0; j < _bank.Length; j++)
        {
            if (_excluded is not null && _excluded[j]) continue;
            double dot = Dot(qc, _packed.AsSpan(j * _dims, _dims));
            var approx = _cosine ? 1 - dot : nq + _norm2[j] - 2 * dot;
            var slack = relative * (nq + _norm2[j]) + absolute;
            top.Add(approx + slack);
            lower[j] = approx - slack;
        }
        var threshold = top.Threshold;
        var rows = new List<int>(_k * 2);
        for (var j = 0; j < _bank.Length; j++)
            if ((_excluded is null || !_excluded[j]) && lower[j] <= threshold) rows.Add(j);
        return rows;
    }

    private void Center(float[] v, Span<float> into)
    {
        for (var i = 0; i < _dims; i++) into[i] = _cosine ? v[i] : (float)((double)v[i] - _center[i]);
    }

    /// <summary>The direct formula: the reference every screened result equals.</summary>
    private double Distance(float[] a, float[] b)
    {
        if (!_cosine) return Math.Sqrt(FrameBank.SquaredDistance(a, b));
        double acc = 0;
        for (var i = 0; i < a.Length; i++) acc += (double)a[i] * b[i];
        return 1 - acc;
    }

    /// <summary>float32 dot product, 16 lanes at a time (any order: only a screening value).</summary>
    internal static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        var acc0 = Vector256<float>.Zero;
        var acc1 = Vector256<float>.Zero;
        var i = 0;
        for (; i + 16 <= a.Length; i += 16)
        {
            acc0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rb, (nuint)i), acc0);
            acc1 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref ra, (nuint)(i + 8)), Vector256.LoadUnsafe(ref rb, (nuint)(i + 8)), acc1);
        }
        var sum = Vector256.Sum(acc0 + acc1);
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    public static float[] Normalize(float[] v)
    {
        double norm = 0;
        foreach (var x in v) norm += (double)x * x;
        norm = Math.Sqrt(norm);
        return norm == 0 ? v : v.Select(x => (float)(x / norm)).ToArray();
    }
}

namespace Asd.Workflow.Scoring.Methods;

/// <summary>Bounded selection of the k smallest values seen (a max-heap of size k): O(log k) per value.</summary>
internal sealed class TopK(int k)
{
    private readonly double[] _heap = new double[k];
    private int _count;

    /// <summary>The k-th smallest value so far; +∞ until k values were seen.</summary>
    public double Threshold => _count < _heap.Length ? double.PositiveInfinity : _heap[0];

    public void Add(double value)
    {
        if (_count < _heap.Length)
        {
            var i = _count++;
            _heap[i] = value;
            while (i > 0 && _heap[(i - 1) / 2] < _heap[i]) { (_heap[i], _heap[(i - 1) / 2]) = (_heap[(i - 1) / 2], _heap[i]); i = (i - 1) / 2; }
            return;
        }
        if (!(value < _heap[0])) return;
        _heap[0] = value;
        for (var i = 0; ;)
        {
            var largest = i;
            var l = 2 * i + 1;
            if (l < _count && _heap[l] > _heap[largest]) largest = l;
            if (l + 1 < _count && _heap[l + 1] > _heap[largest]) largest = l + 1;
            if (largest == i) return;
            (_heap[i], _heap[largest]) = (_heap[largest], _heap[i]);
            i = largest;
        }
    }
}

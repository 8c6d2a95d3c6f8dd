namespace Asd.Workflow.Evaluation.Metrics;

/// <summary>
/// numpy's summation order for a contiguous float64 array (<c>pairwise_sum</c> in numpy's
/// <c>loops_utils.h</c>): fewer than 8 values are added in order; up to 128 values go into eight interleaved
/// accumulators combined as ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), the remainder added after; longer
/// arrays split in two halves (the first a multiple of 8) summed recursively. Reproducing the order makes a sum
/// bit-identical to numpy's.
/// </summary>
public static class NumpySum
{
    private const int BlockSize = 128;

    public static double Pairwise(ReadOnlySpan<double> a)
    {
        var n = a.Length;
        if (n < 8)
        {
            var sum = 0.0; // numpy starts from -0.0, which differs from 0.0 only for an all-(-0.0) array
            for (var i = 0; i < n; i++) sum += a[i];
            return n == 0 ? 0.0 : sum;
        }
        if (n <= BlockSize)
        {
            Span<double> r = stackalloc double[8];
            for (var k = 0; k < 8; k++) r[k] = a[k];
            var i = 8;
            for (; i < n - n % 8; i += 8)
                for (var k = 0; k < 8; k++) r[k] += a[i + k];
            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) res += a[i];
            return res;
        }
        var half = n / 2;
        half -= half % 8;
        return Pairwise(a[..half]) + Pairwise(a[half..]);
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Asd.Workflow.Audio.Features;

/// <summary>
/// |X[k]|², k = 0…N/2, of four real frames of N = 2^m samples at once, in double precision. Each of the four
/// lanes of a <see cref="Vector256{T}"/> carries one frame, so every step of the transform — the
/// bit-reversed load, each radix-2 stage, the real split — is the scalar algorithm applied to four frames in
/// one instruction, with no shuffles. The real transform is one complex FFT of size N/2 over the even/odd
/// samples packed as real/imaginary parts, then split into the real spectrum. Hand-written because it sits
/// in the hottest loop of the front end (docs/benchmarks.md).
/// </summary>
public sealed class PowerSpectrum
{
    /// <summary>Frames transformed per call: the lanes of one vector.</summary>
    public const int Lanes = 4;

    private readonly int _n, _m;
    private readonly int[] _bitReverse;
    private readonly double[] _stageCos, _stageSin, _splitCos, _splitSin;
    private readonly Vector256<double>[] _z;

    public PowerSpectrum(int n)
    {
        if (n < 8 || (n & (n - 1)) != 0) throw new ArgumentException($"FFT size must be a power of two ≥ 8, got {n}");
        _n = n;
        _m = n / 2;
        var bits = BitOperations.Log2((uint)_m);
        _bitReverse = new int[_m];
        for (var i = 0; i < _m; i++)
        {
            var r = 0;
            for (var b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
            _bitReverse[i] = r;
        }
        // Twiddles of the stage with half-size h at [h, 2h).
        _stageCos = new double[_m]; _stageSin = new double[_m];
        for (var half = 1; half < _m; half <<= 1)
            for (var j = 0; j < half; j++)
            {
                _stageCos[half + j] = Math.Cos(Math.PI * j / half);
                _stageSin[half + j] = -Math.Sin(Math.PI * j / half);
            }
        _splitCos = new double[_m + 1]; _splitSin = new double[_m + 1];
        for (var k = 0; k <= _m; k++) { _splitCos[k] = Math.Cos(2 * Math.PI * k / n); _splitSin[k] = -Math.Sin(2 * Math.PI * k / n); }
        _z = new Vector256<double>[2 * _m];
    }

    /// <summary>Bins per frame: N/2 + 1.</summary>
    public int Bins => _m + 1;

    /// <summary>
    /// Power spectra of up to four frames of <paramref name="samples"/> × <paramref name="window"/> (the
    /// windowing fused into the load): frame f starts at <paramref name="first"/> + f·<paramref name="hop"/>.
    /// Lane f of <paramref name="power"/>[k] receives |X_f[k]|²; lanes at or beyond <paramref name="count"/>
    /// repeat the last frame.
    /// </summary>
    public void Compute(ReadOnlySpan<float> samples, int first, int hop, int count, ReadOnlySpan<double> window, Span<Vector256<double>> power)
    {
        if (count is < 1 or > Lanes) throw new ArgumentOutOfRangeException(nameof(count), count, "between 1 and 4 frames per call");
        if (window.Length != _n || power.Length < Bins) throw new ArgumentException("window must have N values and power N/2 + 1");
        var last = first + (count - 1) * hop;
        if (first < 0 || last + _n > samples.Length) throw new ArgumentOutOfRangeException(nameof(first), "frames run past the samples");
        var f1 = count > 1 ? first + hop : last;
        var f2 = count > 2 ? first + 2 * hop : last;
        var f3 = count > 3 ? first + 3 * hop : last;
        Load(samples[first..(first + _n)], samples[f1..(f1 + _n)], samples[f2..(f2 + _n)], samples[f3..(f3 + _n)], window);
        Butterflies();
        Split(power);
    }

    /// <summary>
    /// Windowed, bit-reversed load fused with the first radix-2 stage (twiddle 1): element i (i &lt; M/2) lands
    /// at r = bitrev(i), which is even, and its stage partner i + M/2 at r + 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Load(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, ReadOnlySpan<float> d, ReadOnlySpan<double> window)
    {
        ref var z = ref MemoryMarshal.GetArrayDataReference(_z);
        ref var bitReverse = ref MemoryMarshal.GetArrayDataReference(_bitReverse);
        for (var s = 0; s < _m; s += 4)
        {
            var (x0, x1, x2, x3) = Samples(a, b, c, d, window, s);
            var (y0, y1, y2, y3) = Samples(a, b, c, d, window, s + _m);
            var j0 = 2 * Unsafe.Add(ref bitReverse, s / 2);
            var j1 = 2 * Unsafe.Add(ref bitReverse, s / 2 + 1);
            Unsafe.Add(ref z, j0) = x0 + y0; Unsafe.Add(ref z, j0 + 1) = x1 + y1;
            Unsafe.Add(ref z, j0 + 2) = x0 - y0; Unsafe.Add(ref z, j0 + 3) = x1 - y1;
            Unsafe.Add(ref z, j1) = x2 + y2; Unsafe.Add(ref z, j1 + 1) = x3 + y3;
            Unsafe.Add(ref z, j1 + 2) = x2 - y2; Unsafe.Add(ref z, j1 + 3) = x3 - y3;
        }
    }

    /// <summary>Samples s…s+3 of the four frames times the window, one vector per sample index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double>, Vector256<double>, Vector256<double>, Vector256<double>) Samples(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, ReadOnlySpan<float> d, ReadOnlySpan<double> window, int s)
    {
        ref var w = ref MemoryMarshal.GetReference(window);
        if (Avx.IsSupported)
        {
            // Four samples of each frame, converted to double and transposed 4 × 4.
            var va = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(a), (nuint)s));
            var vb = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(b), (nuint)s));
            var vc = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(c), (nuint)s));
            var vd = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(d), (nuint)s));
            Vector256<double> lowAb = Avx.UnpackLow(va, vb), highAb = Avx.UnpackHigh(va, vb);
            Vector256<double> lowCd = Avx.UnpackLow(vc, vd), highCd = Avx.UnpackHigh(vc, vd);
            return (Avx.Permute2x128(lowAb, lowCd, 0x20) * Unsafe.Add(ref w, s), Avx.Permute2x128(highAb, highCd, 0x20) * Unsafe.Add(ref w, s + 1),
                Avx.Permute2x128(lowAb, lowCd, 0x31) * Unsafe.Add(ref w, s + 2), Avx.Permute2x128(highAb, highCd, 0x31) * Unsafe.Add(ref w, s + 3));
        }
        return (Vector256.Create(a[s], b[s], c[s], d[s]) * window[s], Vector256.Create(a[s + 1], b[s + 1], c[s + 1], d[s + 1]) * window[s + 1],
            Vector256.Create(a[s + 2], b[s + 2], c[s + 2], d[s + 2]) * window[s + 2], Vector256.Create(a[s + 3], b[s + 3], c[s + 3], d[s + 3]) * window[s + 3]);
    }

    /// <summary>
    /// The radix-2 decimation-in-time stages over the bit-reversed data (z[2a] real, z[2a+1] imaginary part of
    /// element a) after the first, which <see cref="Load"/> does. Stages run in pairs fused into one pass over
    /// four elements, so each element is loaded and stored once per two stages; the second stage's odd twiddle is
    /// the even one times −i.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Butterflies()
    {
        ref var z = ref MemoryMarshal.GetArrayDataReference(_z);
        var m = _m;
        var half = 2;
        for (; 2 * half < m; half <<= 2)
            for (var j = 0; j < half; j++)
            {
                var w1r = Vector256.Create(_stageCos[half + j]); var w1i = Vector256.Create(_stageSin[half + j]);
                var w2r = Vector256.Create(_stageCos[2 * half + j]); var w2i = Vector256.Create(_stageSin[2 * half + j]);
                for (var a = j; a < m; a += 4 * half)
                {
                    ref var p0 = ref Unsafe.Add(ref z, 2 * a);
                    ref var p1 = ref Unsafe.Add(ref z, 2 * (a + half));
                    ref var p2 = ref Unsafe.Add(ref z, 2 * (a + 2 * half));
                    ref var p3 = ref Unsafe.Add(ref z, 2 * (a + 3 * half));
                    var (t1r, t1i) = Multiply(p1, Unsafe.Add(ref p1, 1), w1r, w1i);
                    var (t3r, t3i) = Multiply(p3, Unsafe.Add(ref p3, 1), w1r, w1i);
                    Vector256<double> y0r = p0 + t1r, y0i = Unsafe.Add(ref p0, 1) + t1i;
                    Vector256<double> y1r = p0 - t1r, y1i = Unsafe.Add(ref p0, 1) - t1i;
                    Vector256<double> y2r = p2 + t3r, y2i = Unsafe.Add(ref p2, 1) + t3i;
                    Vector256<double> y3r = p2 - t3r, y3i = Unsafe.Add(ref p2, 1) - t3i;
                    var (ur, ui) = Multiply(y2r, y2i, w2r, w2i);
                    var (vr, vi) = Multiply(y3r, y3i, w2r, w2i);
                    (vr, vi) = (vi, -vr); // × −i
                    p0 = y0r + ur; Unsafe.Add(ref p0, 1) = y0i + ui;
                    p2 = y0r - ur; Unsafe.Add(ref p2, 1) = y0i - ui;
                    p1 = y1r + vr; Unsafe.Add(ref p1, 1) = y1i + vi;
                    p3 = y1r - vr; Unsafe.Add(ref p3, 1) = y1i - vi;
                }
            }
        for (; half < m; half <<= 1)
            for (var j = 0; j < half; j++)
            {
                var wr = Vector256.Create(_stageCos[half + j]); var wi = Vector256.Create(_stageSin[half + j]);
                for (var a = j; a < m; a += 2 * half)
                {
                    ref var p0 = ref Unsafe.Add(ref z, 2 * a);
                    ref var p1 = ref Unsafe.Add(ref z, 2 * (a + half));
                    var (xr, xi) = Multiply(p1, Unsafe.Add(ref p1, 1), wr, wi);
                    var (ar, ai) = (p0, Unsafe.Add(ref p0, 1));
                    p1 = ar - xr; Unsafe.Add(ref p1, 1) = ai - xi;
                    p0 = ar + xr; Unsafe.Add(ref p0, 1) = ai + xi;
                }
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Re, Vector256<double> Im) Multiply(Vector256<double> ar, Vector256<double> ai, Vector256<double> br, Vector256<double> bi) =>
        (Vector256.FusedMultiplyAdd(ar, br, -(ai * bi)), Vector256.FusedMultiplyAdd(ar, bi, ai * br));

    // X[k] = E[k] + W^k·O[k], E = (Z[k] + conj Z[M−k]) / 2, O = (Z[k] − conj Z[M−k]) / 2i. The partner bin
    // M−k reuses the same E and W^k·O: X[M−k] = conj(E − W^k·O), so each pass computes two bins.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Split(Span<Vector256<double>> power)
    {
        ref var z = ref MemoryMarshal.GetArrayDataReference(_z);
        ref var output = ref MemoryMarshal.GetReference(power);
        var m = _m;
        var halfV = Vector256.Create(0.5);
        // k = 0 and k = M: Z[0] alone, X[0] = Re + Im, X[M] = Re − Im.
        var r0 = Unsafe.Add(ref z, 0); var i0 = Unsafe.Add(ref z, 1);
        var dc = r0 + i0; var nyquist = r0 - i0;
        Unsafe.Add(ref output, 0) = dc * dc;
        Unsafe.Add(ref output, m) = nyquist * nyquist;
        for (var k = 1; k <= m / 2; k++)
        {
            var zr = Unsafe.Add(ref z, 2 * k); var zi = Unsafe.Add(ref z, 2 * k + 1);
            var cr = Unsafe.Add(ref z, 2 * (m - k)); var ci = -Unsafe.Add(ref z, 2 * (m - k) + 1);
            var er = halfV * (zr + cr); var ei = halfV * (zi + ci);
            var or = halfV * (zi - ci); var oi = halfV * (cr - zr); // (Z − conj Z') / 2, divided by i
            var (tr, ti) = Multiply(or, oi, Vector256.Create(_splitCos[k]), Vector256.Create(_splitSin[k]));
            Vector256<double> xr = er + tr, xi = ei + ti, yr = er - tr, yi = ei - ti;
            Unsafe.Add(ref output, k) = xr * xr + xi * xi;
            Unsafe.Add(ref output, m - k) = yr * yr + yi * yi;
        }
    }
}

namespace Asd.Workflow.Scoring.Methods;

/// <summary>
/// Error bound of the float32 screening pass of the exact nearest-neighbour kernels. A squared distance (or a
/// cosine distance) computed as ‖a‖² + ‖b‖² − 2·a·b from float32 vectors centred on a common point differs from
/// the reference value (a sequential double-precision sum over the original vectors) by at most
/// <c>Relative(dims)·(‖a‖² + ‖b‖²) + Absolute</c>, where the norms are those of the centred vectors.
/// </summary>
/// <remarks>
/// The parts, in units of u = 2⁻²⁴ and of (‖a‖ + ‖b‖)² ≤ 2(‖a‖² + ‖b‖²): the float32 dot product in any summation
/// order, fused or not, errs by at most γₙ·‖a‖‖b‖ ≈ n·u/4·(‖a‖+‖b‖)², doubled by the factor 2; rounding the centred
/// vectors to float32 moves the distance by at most 2u(‖a‖+‖b‖)²; the float32 combination and comparison of the
/// terms adds at most 8u; the double reference sum errs by n·2⁻⁵³, negligible beside these. Relative(n) =
/// (4n + 64)·u covers the sum (about n/2 + 10 units) at least four times over; Absolute covers gradual
/// underflow. Inputs must be finite with squared norms below <see cref="MaxSquaredNorm"/>; otherwise callers
/// use the direct path.
/// </remarks>
internal static class DistanceBound
{
    public const double MaxSquaredNorm = 1e20;
    public const float Absolute = 1e-30f;

    public static float Relative(int dims) => (float)((4.0 * dims + 64) * Math.Pow(2, -24));

    /// <summary>Whether every value is finite and the squared norm stays within <see cref="MaxSquaredNorm"/>.</summary>
    public static bool Screenable(ReadOnlySpan<float> v, out double squaredNorm)
    {
        squaredNorm = 0;
        foreach (var x in v)
        {
            if (!float.IsFinite(x)) return false;
            squaredNorm += (double)x * x;
        }
        return squaredNorm <= MaxSquaredNorm;
    }
}

using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Asd.Workflow.Core.Engine;

/// <summary>
/// The facts of this machine that change float results of SIMD code: the CPU feature class the JIT compiles
/// for (which vector instructions and fused multiply-add it may use; <c>DOTNET_EnableAVX2=0</c> and friends
/// lower it) and the .NET runtime version (its vector math: <c>Vector256.Log</c>/<c>Exp</c>). Stages whose
/// floats depend on them add these to their environment facts; both are read without I/O.
/// </summary>
public static class MachineFacts
{
    public const string Cpu = "cpu";
    public const string Runtime = "runtime";

    /// <summary>A short class such as <c>x64-avx512</c>, <c>x64-avx2-fma</c>, <c>x64-avx</c>, <c>x64-sse</c>, <c>arm64-advsimd</c>.</summary>
    public static string CpuClass { get; } = ComputeCpuClass();

    /// <summary>The .NET runtime version, e.g. 10.0.0.</summary>
    public static string RuntimeVersion { get; } = Environment.Version.ToString();

    /// <summary>Both facts, for a stage whose floats depend on the instruction set and the runtime.</summary>
    public static IReadOnlyDictionary<string, string> ForSimd() => new Dictionary<string, string>
    {
        [Cpu] = CpuClass,
        [Runtime] = RuntimeVersion,
    };

    /// <summary>The current value of a machine fact, or null for a fact that is not one of them.</summary>
    public static string? Current(string name) => name switch
    {
        Cpu => CpuClass,
        Runtime => RuntimeVersion,
        _ => null,
    };

    private static string ComputeCpuClass()
    {
        if (Avx512F.IsSupported && Vector512.IsHardwareAccelerated) return "x64-avx512";
        if (Avx2.IsSupported && Fma.IsSupported) return "x64-avx2-fma";
        if (Avx2.IsSupported) return "x64-avx2";
        if (Avx.IsSupported) return "x64-avx";
        if (Sse2.IsSupported) return "x64-sse";
        if (AdvSimd.Arm64.IsSupported) return "arm64-advsimd";
        if (AdvSimd.IsSupported) return "arm-advsimd";
        return $"{System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}-scalar";
    }
}

using System.Runtime.InteropServices;

namespace Asd.Workflow.Models.Onnx;

/// <summary>
/// Names of the environment facts an ONNX stage adds to its identity, and their cheap re-check for the run
/// stamp (no session, and ONNX Runtime itself is not loaded): the runtime version is pinned by its native
/// library file (a dependency file the stamp stats); the provider of <c>device: cpu</c> is cpu; for auto or cuda,
/// a CUDA provider library that cannot be loaded means cpu (auto) or an error (cuda), as ONNX Runtime would
/// find; a loadable one takes the full resolution.
/// </summary>
public static class OnnxFacts
{
    public const string Runtime = "onnxruntime";
    public const string Device = "device";
    public const string Provider = "provider";
    public const string Threads = "intra_op_threads";

    /// <summary>The native ONNX Runtime library beside asd (its stat pins the version), or null when not found.</summary>
    public static string? NativeLibrary { get; } = FindNative("onnxruntime");

    /// <summary>
    /// The current value of one of these facts, re-checked cheaply (the provider needs the stage's requested
    /// device); null for a fact that is not one of them. The runtime version is answered from the stamp's own
    /// value, <paramref name="stamped"/>, because the stamp checks the native library file it comes from.
    /// </summary>
    public static string? Current(string name, string stamped, IReadOnlyDictionary<string, string> stageFacts, int intraOpThreads) => name switch
    {
        Runtime => NativeLibrary is null ? null : stamped,
        Device => stageFacts.GetValueOrDefault(Device),
        Provider when stageFacts.TryGetValue(Device, out var device) => CurrentProvider(device),
        Threads => intraOpThreads.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string CurrentProvider(string device)
    {
        if (device == "cpu") return "cpu";
        var cuda = FindNative("onnxruntime_providers_cuda");
        if (device == "auto" && cuda is null) return "cpu";
        if (cuda is not null && !System.Runtime.InteropServices.NativeLibrary.TryLoad(cuda, out _))
            return device == "auto" ? "cpu" : throw Core.Errors.AsdException.BadInput($"device {device}: the CUDA provider library cannot be loaded");
        return ExecutionProviders.Resolve(device);
    }

    private static string? FindNative(string name)
    {
        var file = OperatingSystem.IsWindows() ? $"{name}.dll" : OperatingSystem.IsMacOS() ? $"lib{name}.dylib" : $"lib{name}.so";
        var rid = $"{(OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux")}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
        foreach (var dir in new[] { AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native") })
            if (File.Exists(Path.Combine(dir, file))) return Path.Combine(dir, file);
        return null;
    }
}

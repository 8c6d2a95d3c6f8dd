using Asd.Workflow.Core.Errors;
using Microsoft.ML.OnnxRuntime;

namespace Asd.Workflow.Models.Onnx;

/// <summary>
/// Resolves <c>device: auto|cpu|cuda[:N]</c> to the provider actually used. auto takes CUDA when its libraries
/// load (checked once per process) and otherwise CPU with one notice; cuda fails clearly when they do not.
/// </summary>
public static class ExecutionProviders
{
    private static readonly Lazy<string?> CudaProblem = new(ProbeCuda);
    private static int _noticed;

    /// <summary>The notice (one line under 80 columns with its "note: " prefix; --verbose adds <see cref="WhyNoCuda"/>).</summary>
    public const string CpuFallbackNotice = "device auto: CUDA is not available; ONNX encoders run on the CPU";

    public static string Version => OrtEnv.Instance().GetVersionString();

    /// <summary>Why CUDA cannot be used (null when it can): the detail the one-line notice leaves out.</summary>
    public static string? WhyNoCuda => CudaProblem.Value;

    /// <summary>
    /// The provider <paramref name="device"/> resolves to. <paramref name="notice"/> (given where a session is
    /// about to be created, not where a key is computed) hears once per process that auto fell back to the CPU.
    /// </summary>
    public static string Resolve(string device, Action<string>? notice = null)
    {
        if (device == "cpu") return "cpu";
        if (device == "auto")
        {
            if (CudaProblem.Value is null) return "cuda:0";
            if (notice is not null && Interlocked.Exchange(ref _noticed, 1) == 0) notice(CpuFallbackNotice);
            return "cpu";
        }
        if (device == "cuda" || device.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (CudaProblem.Value is not null)
                throw AsdException.BadInput($"device {device}: the CUDA execution provider cannot be loaded ({CudaProblem.Value}); use device: cpu or auto");
            return device == "cuda" ? "cuda:0" : device;
        }
        throw AsdException.BadInput($"device '{device}' is unknown (allowed: auto, cpu, cuda, cuda:N)");
    }

    /// <summary>Session options with fixed thread counts, so results do not depend on --jobs.</summary>
    public static SessionOptions Options(string provider, int intraOpThreads)
    {
        var options = new SessionOptions { IntraOpNumThreads = intraOpThreads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        if (provider.StartsWith("cuda", StringComparison.Ordinal)) options.AppendExecutionProvider_CUDA(int.Parse(provider[5..], System.Globalization.CultureInfo.InvariantCulture));
        return options;
    }

    private static string? ProbeCuda()
    {
        // The probe's failure is reported as one notice line; ONNX Runtime's own error log would repeat it in colour.
        var env = OrtEnv.Instance();
        var level = env.EnvLogLevel;
        env.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
        try
        {
            using var options = new SessionOptions();
            options.AppendExecutionProvider_CUDA(0);
            return null;
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            var message = ex.Message.Split('\n')[0];
            return message.Length > 160 ? message[..160] + "…" : message;
        }
        finally
        {
            env.EnvLogLevel = level;
        }
    }
}

using System.Collections.Concurrent;
using Asd.Workflow.Audio.Activities.Embed;
using Asd.Workflow.Audio.Encoders;
using System.Text.Json.Nodes;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Models.Builtin;
using Asd.Workflow.Models.Registry;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Asd.Workflow.Models.Onnx;

/// <summary>
/// Registered ONNX models (and the built-in <c>logmel-onnx</c> front end) as embed encoders. One session per
/// model and provider per process; every model file is checked against its registered digest; input and
/// output names, ranks and types are checked when the session is created.
/// </summary>
public sealed class OnnxEncoderProvider(Func<ModelRegistry> registryFactory, string builtinDirectory, Action<string> notice, int intraOpThreads = 1) : IEncoderProvider
{
    private readonly Lazy<ModelRegistry> _registry = new(registryFactory);

    public OnnxEncoderProvider(ModelRegistry registry, string builtinDirectory, Action<string> notice, int intraOpThreads = 1)
        : this(() => registry, builtinDirectory, notice, intraOpThreads) { }

    private ModelRegistry registry => _registry.Value;

    private static readonly ConcurrentDictionary<string, Lazy<InferenceSession>> Sessions = new();
    private readonly ConcurrentDictionary<string, Lazy<ModelEntry>> _builtins = new();

    public bool Knows(string encoder) => encoder == OnnxLogMelModel.Name || registry.TryGet(encoder, out _);

    public IEnumerable<string> Validate(EmbedOptions options)
    {
        if (options.Device is not ("auto" or "cpu" or "cuda") && !options.Device.StartsWith("cuda:", StringComparison.Ordinal))
            yield return $"device '{options.Device}' is unknown (allowed: auto, cpu, cuda, cuda:N)";
    }

    /// <summary>
    /// The ONNX Runtime version, the device asked for and the provider it resolved to (no session is created),
    /// the thread count, and — because CPU kernels are chosen by instruction set — the CPU class and runtime.
    /// </summary>
    public IReadOnlyDictionary<string, string> EnvironmentFacts(EmbedOptions options) =>
        new Dictionary<string, string>(MachineFacts.ForSimd())
        {
            [OnnxFacts.Runtime] = ExecutionProviders.Version,
            [OnnxFacts.Device] = options.Device,
            [OnnxFacts.Provider] = ExecutionProviders.Resolve(options.Device), // a key, not a run: no notice
            [OnnxFacts.Threads] = intraOpThreads.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

    /// <summary>The whole registry entry (its path aside: where a file lies does not change it; its digest does).</summary>
    public JsonObject Describe(EmbedOptions options)
    {
        var model = OptionValues.Resolve(Entry(options));
        model.Remove("path");
        return model;
    }

    /// <summary>The registry file (for registered models), the model file, and the ONNX Runtime library (its version).</summary>
    public IReadOnlyList<string> DependencyFiles(EmbedOptions options)
    {
        var files = new List<string> { Entry(options).Path };
        if (options.Encoder != OnnxLogMelModel.Name && registry.File is not null) files.Add(Path.GetFullPath(registry.File));
        if (OnnxFacts.NativeLibrary is { } native) files.Add(native);
        return files;
    }

    public IEncoder Create(EmbedOptions options)
    {
        var entry = Entry(options);
        ModelRegistry.VerifyFile(entry);
        var provider = ExecutionProviders.Resolve(options.Device, notice);
        // Lazy: concurrent shards of one stage create the session once (ORT sessions are safe to share for Run).
        var session = Sessions.GetOrAdd($"{entry.Path}|{entry.Sha256}|{provider}|{intraOpThreads}",
            _ => new Lazy<InferenceSession>(() => Open(entry, provider, intraOpThreads))).Value;
        return new OnnxEncoder(entry, session, provider, options.BatchSize);
    }

    /// <summary>The registry entry; for logmel-onnx, a model built for these options and written once.</summary>
    public ModelEntry Entry(EmbedOptions options)
    {
        if (options.Encoder != OnnxLogMelModel.Name)
            return registry.TryGet(options.Encoder, out var e) ? e : throw AsdException.BadInput($"encoder '{options.Encoder}' is not registered in {registry.File ?? "the model registry"}");
        var key = $"{options.SampleRate}|{options.NFft}|{options.Hop}|{options.NMels}|{options.Fmin}|{options.Fmax}|{options.Power}|{options.LogFloor}";
        return _builtins.GetOrAdd(key, _ => new Lazy<ModelEntry>(() => WriteBuiltin(options))).Value;
    }

    /// <summary>Writes the built-in model for these options (temp file, then rename: readers never see a partial file).</summary>
    private ModelEntry WriteBuiltin(EmbedOptions options)
    {
        var bytes = OnnxLogMelModel.Build(options.SampleRate, options.LogMel);
        var digest = Digest.Of(bytes);
        Directory.CreateDirectory(builtinDirectory);
        var path = Path.Combine(builtinDirectory, $"{OnnxLogMelModel.Name}-{digest.Hex[..16]}.onnx");
        if (!File.Exists(path) || new FileInfo(path).Length != bytes.Length)
            Core.Paths.AtomicFile.Write(path, bytes);
        return new ModelEntry
        {
            Name = OnnxLogMelModel.Name, Path = path, Sha256 = digest.ToString(), Source = "built in (asd)", Licence = "MIT",
            Input = "waveform", InputName = "waveform", OutputName = "embedding", SampleRate = options.SampleRate, MaxSeconds = 3600, Pooling = "none",
        };
    }

    private static InferenceSession Open(ModelEntry entry, string provider, int threads)
    {
        InferenceSession session;
        try
        {
            using var sessionOptions = ExecutionProviders.Options(provider, threads);
            session = new InferenceSession(entry.Path, sessionOptions);
        }
        catch (OnnxRuntimeException ex) { throw AsdException.BadInput($"model '{entry.Name}' ({entry.Path}) cannot be loaded: {ex.Message.Split('\n')[0]}"); }
        var problems = new List<string>();
        if (!session.InputMetadata.TryGetValue(entry.InputName, out var input))
            problems.Add($"has no input tensor '{entry.InputName}' (inputs: {string.Join(", ", session.InputMetadata.Keys)})");
        else
        {
            var rank = entry.Input == "fbank" ? 3 : 2;
            if (input.Dimensions.Length != rank) problems.Add($"input '{entry.InputName}' has rank {input.Dimensions.Length}, {entry.Input} input needs rank {rank}");
            if (input.ElementDataType != TensorElementType.Float) problems.Add($"input '{entry.InputName}' is {input.ElementDataType}, float32 is needed");
        }
        if (!session.OutputMetadata.TryGetValue(entry.OutputName, out var output))
            problems.Add($"has no output tensor '{entry.OutputName}' (outputs: {string.Join(", ", session.OutputMetadata.Keys)})");
        else if (output.Dimensions.Length is not (2 or 3)) problems.Add($"output '{entry.OutputName}' has rank {output.Dimensions.Length}, 2 ([batch, dims]) or 3 ([batch, tokens, dims]) is needed");
        if (problems.Count == 0) return session;
        session.Dispose();
        throw AsdException.BadInput($"model '{entry.Name}' ({entry.Path}) does not match its registry entry", problems.Select(p => $"model '{entry.Name}' {p}").ToList());
    }
}

using Asd.Workflow.Audio.Encoders;
using Asd.Workflow.Models.Onnx;
using Asd.Workflow.Models.Registry;

namespace Asd.Workflow.Cli.Composition;

/// <summary>
/// The encoders embed can use: the built-in log-mel ones, then the built-in ONNX log-mel model and the ONNX
/// models registered in manifests/models.yaml (or $ASD_MODELS).
/// </summary>
public static class EncoderCatalog
{
    public static string RegistryPath => Environment.GetEnvironmentVariable("ASD_MODELS") ?? Path.Combine("manifests", "models.yaml");

    /// <summary>ONNX Runtime intra-op threads per session: fixed, so results do not depend on --jobs.</summary>
    public const int IntraOpThreads = 1;

    public static IEncoderProvider Create(Action<string> notice, string storeRoot) =>
        new CompositeEncoderProvider(new BuiltInEncoders(), new OnnxEncoderProvider(() => ModelRegistry.Load(RegistryPath), Path.Combine(storeRoot, "models"), notice, IntraOpThreads));

    public static IReadOnlyDictionary<string, string> RegisteredModels() =>
        ModelRegistry.Load(RegistryPath).Entries.OrderBy(e => e.Name, StringComparer.Ordinal).ToDictionary(e => e.Name, e => e.Sha256);
}

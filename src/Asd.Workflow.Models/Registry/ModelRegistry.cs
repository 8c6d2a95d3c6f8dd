using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Asd.Workflow.Models.Registry;

/// <summary>
/// The model registry (<c>manifests/models.yaml</c>): which ONNX files may be used as encoders, with their
/// SHA256. A model whose file digest differs from its entry is refused.
/// </summary>
public sealed class ModelRegistry
{
    private static readonly string[] Inputs = ["waveform", "fbank"];
    private static readonly string[] Poolings = ["none", "mean", "mean_std", "cls"];
    private readonly Dictionary<string, ModelEntry> _entries;

    public ModelRegistry(IEnumerable<ModelEntry> entries, string? file = null)
    {
        File = file;
        _entries = new Dictionary<string, ModelEntry>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var e in entries)
        {
            var where = $"{file ?? "registry"}: model '{e.Name}'";
            if (e.Name.Length == 0) problems.Add($"{file ?? "registry"}: a model has no name");
            if (!Inputs.Contains(e.Input)) problems.Add($"{where}: input '{e.Input}', allowed: {string.Join(", ", Inputs)}");
            if (!Poolings.Contains(e.Pooling)) problems.Add($"{where}: pooling '{e.Pooling}', allowed: {string.Join(", ", Poolings)}");
            if (!Digest.TryParse(e.Sha256, out _)) problems.Add($"{where}: sha256 '{e.Sha256}' is not a SHA256 digest");
            if (!_entries.TryAdd(e.Name, e)) problems.Add($"{where}: registered twice");
        }
        if (problems.Count > 0) throw AsdException.BadInput($"{file ?? "registry"}: {problems.Count} problem(s)", problems);
    }

    public string? File { get; }

    public IReadOnlyCollection<ModelEntry> Entries => _entries.Values;

    public static ModelRegistry Empty { get; } = new([]);

    public static ModelRegistry Load(string path)
    {
        if (!System.IO.File.Exists(path)) return new ModelRegistry([], path);
        try
        {
            var parsed = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
                .Deserialize<ModelRegistryFile>(System.IO.File.ReadAllText(path)) ?? new ModelRegistryFile();
            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
            return new ModelRegistry(parsed.Models.Select(m => m with { Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, m.Path)) }), path);
        }
        catch (YamlException ex)
        {
            throw AsdException.BadInput($"{path}:{ex.Start.Line}:{ex.Start.Column}: {ex.InnerException?.Message ?? ex.Message}");
        }
    }

    public bool TryGet(string name, out ModelEntry entry) => _entries.TryGetValue(name, out entry!);

    public ModelRegistry With(ModelEntry entry) => new(_entries.Values.Where(e => e.Name != entry.Name).Append(entry), File);

    /// <summary>Checks the model file against its registered digest (one clear line when it differs).</summary>
    public static void VerifyFile(ModelEntry entry)
    {
        if (!System.IO.File.Exists(entry.Path))
            throw AsdException.BadInput($"model '{entry.Name}': file {entry.Path} does not exist (export it to ONNX and register its path; see docs/models.md)");
        using var stream = System.IO.File.OpenRead(entry.Path);
        var actual = Digest.FromHash(System.Security.Cryptography.SHA256.HashData(stream));
        var expected = Digest.Parse(entry.Sha256);
        if (actual != expected)
            throw AsdException.BadInput($"model '{entry.Name}': {entry.Path} has the wrong digest: expected {expected}, got {actual} (re-export the model, or update the registry if the new file is intended)");
    }
}

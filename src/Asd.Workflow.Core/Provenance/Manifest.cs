using System.Text.Json.Nodes;

namespace Asd.Workflow.Core.Provenance;

/// <summary>
/// A frozen run: everything needed to verify, recompute and audit it. Its canonical JSON's SHA256 is the
/// submission id. No wall-clock time is recorded. An evaluation run (<c>asd infer</c>) has an
/// <see cref="InferredFrom"/>: the dev manifest it ran from; a dev manifest has none (and no such member).
/// </summary>
public sealed record Manifest(
    int SchemaVersion,
    string Name,
    ManifestWorkflow Workflow,
    ManifestDataset Dataset,
    IReadOnlyList<ManifestShard> Stages,
    IReadOnlyDictionary<string, string> Models,
    IReadOnlyDictionary<string, string> Software,
    IReadOnlyDictionary<string, string> Seeds,
    IReadOnlyDictionary<string, string> Machine,
    ManifestProvenance? Provenance = null,
    ManifestOrigin? InferredFrom = null)
{
    public const int CurrentSchema = 1;

    public IEnumerable<(string What, string Digest)> NamedObjects()
    {
        foreach (var shard in Dataset.Shards)
            foreach (var source in shard.Sources) yield return ($"dataset/{shard.Shard}:{source.Port}", source.Digest);
        foreach (var stage in Stages)
        {
            yield return ($"{stage.Stage}/{stage.Shard} execution record", stage.ExecutionObject);
            foreach (var output in stage.Outputs) yield return ($"{stage.Stage}/{stage.Shard}:{output.Port} ({output.MediaType})", output.Digest);
        }
    }
}

/// <summary>
/// What made the artifacts, as the seed freezes its "evaluator scripts": the source commit the asd binary was built
/// from (the git HEAD the build saw, or "unknown"), the SHA256 of every asd assembly by file name, the assembly of
/// every activity kind, and the evaluator's (the assembly of the evaluate activity and the official metric).
/// No clock time: the same binary and workflow give the same record.
/// </summary>
public sealed record ManifestProvenance(
    string SourceCommit, string Evaluator, IReadOnlyDictionary<string, string> Activities, IReadOnlyDictionary<string, string> Assemblies)
{
    public const string Unknown = "unknown";

    /// <param name="registry">Every activity kind asd has.</param>
    /// <param name="digestOf">The SHA256 of an assembly's file ("unknown" when it has none, e.g. a single-file build).</param>
    /// <param name="sourceCommit">The commit the build embedded, or null.</param>
    /// <param name="more">Assemblies to record beside the activities' (the engine, the command line).</param>
    public static ManifestProvenance Of(Activities.ActivityRegistry registry, Func<System.Reflection.Assembly, string> digestOf, string? sourceCommit,
        params System.Reflection.Assembly[] more)
    {
        var activities = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var assemblies = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var kind in registry.Kinds)
        {
            var assembly = registry.Get(kind).GetType().Assembly;
            activities[kind] = FileName(assembly);
            assemblies[FileName(assembly)] = digestOf(assembly);
        }
        foreach (var assembly in more.Append(typeof(Manifest).Assembly)) assemblies[FileName(assembly)] = digestOf(assembly);
        var evaluator = activities.TryGetValue("evaluate", out var file) ? $"{file} {assemblies[file]}" : Unknown;
        return new ManifestProvenance(string.IsNullOrEmpty(sourceCommit) ? Unknown : sourceCommit, evaluator, activities, assemblies);
    }

    private static string FileName(System.Reflection.Assembly assembly) => assembly.GetName().Name + ".dll";
}

/// <summary>
/// Where an evaluation manifest came from: the dev manifest's name and id (the SHA256 of its file), the data split
/// it read, every difference from the frozen setup that <c>--allow-drift</c> accepted (empty: none), and the
/// frozen stages it did not run because they read ground truth, which an evaluation set does not have.
/// </summary>
public sealed record ManifestOrigin(string Manifest, string Id, string Split, IReadOnlyList<string> Drift, IReadOnlyList<string> NotRun);

public sealed record ManifestWorkflow(string File, string Digest, string Name, string OnBadClip, IReadOnlyList<ManifestStage> Stages);

public sealed record ManifestStage(string Name, string Uses, IReadOnlyList<string> Needs, JsonObject Options);

public sealed record ManifestDataset(string Root, string InventoryDigest, IReadOnlyList<ManifestSourceShard> Shards);

public sealed record ManifestSourceShard(string Shard, IReadOnlyList<ManifestArtifact> Sources);

public sealed record ManifestArtifact(string Port, string Digest, string MediaType, IReadOnlyList<string>? DerivedFrom = null);

public sealed record ManifestShard(
    string Stage, string Shard, string Kind, int Version, string CacheKey, string ExecutionObject, string Determinism,
    IReadOnlyList<ManifestInput> Inputs, IReadOnlyList<ManifestArtifact> Outputs);

public sealed record ManifestInput(string Ref, string Digest, string MediaType);

/// <summary>Splits an artifact ref "stage/shard:port" (the shard may contain '/').</summary>
public static class ArtifactRef
{
    public static (string Stage, string Shard, string Port) Parse(string reference)
    {
        var slash = reference.IndexOf('/');
        var colon = reference.LastIndexOf(':');
        return (reference[..slash], reference[(slash + 1)..colon], reference[(colon + 1)..]);
    }
}

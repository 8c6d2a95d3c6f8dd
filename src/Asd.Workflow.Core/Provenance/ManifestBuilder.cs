using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Core.Provenance;

/// <summary>Builds a manifest from an up-to-date workflow: every stage shard must be cached (else: the stale list).</summary>
public static class ManifestBuilder
{
    public static Manifest Build(
        string name, WorkflowDefinition workflow, string workflowText, DatasetSnapshot dataset, RunSummary plan,
        ActivityRegistry registry, IRunIndex index, IReadOnlyDictionary<string, string> models,
        IReadOnlyDictionary<string, string> software, IReadOnlyDictionary<string, string> machine, ManifestProvenance? provenance = null)
    {
        var stale = plan.Events.Where(e => e.Status != ShardStatus.Cached).ToList();
        if (stale.Count > 0)
            throw AsdException.BadInput($"{workflow.SourceFile} is not up to date: {stale.Count} stage shard(s) would run; run it first (asd run)",
                stale.Select(e => $"{e.Stage}/{e.Shard}: {string.Join("; ", e.Reasons)}").ToList());
        var shards = new List<ManifestShard>();
        foreach (var e in plan.Events)
        {
            var stage = workflow.Stage(e.Stage);
            var activity = registry.Get(stage.Uses);
            var record = index.FindExecution(Digest.Parse(e.Key!))!;
            shards.Add(new ManifestShard(e.Stage, e.Shard, record.Kind, record.Version, record.CacheKey,
                RecordDigest.Of(record).ToString(), activity.DeterminismOf(stage.TypedOptions).ToString(),
                e.Inputs.Select(i => new ManifestInput(i.Ref, i.Digest.ToString(), i.MediaType)).ToList(),
                WorkflowRunner.Renamed(record.Outputs, record.Inputs, e.Inputs).Select(o => new ManifestArtifact(o.Port, o.Digest, o.MediaType, o.DerivedFrom)).ToList()));
        }
        var seeds = workflow.Stages.Where(s => s.Options.ContainsKey("seed"))
            .ToDictionary(s => s.Name, s => CanonicalJson.ToText(s.Options["seed"]));
        return new Manifest(
            Manifest.CurrentSchema, name,
            new ManifestWorkflow(workflow.SourceFile, WorkflowDigest(workflowText), workflow.Name, workflow.OnBadClip.ToString().ToLowerInvariant(),
                workflow.Stages.Select(s => new ManifestStage(s.Name, s.Uses, s.Needs, s.Options)).ToList()),
            new ManifestDataset(dataset.Root, dataset.InventoryDigest.ToString(), dataset.Shards.Select(s => new ManifestSourceShard(s.ToString(),
                dataset.Sources[s].Select(a => new ManifestArtifact(a.Port, a.Digest.ToString(), a.MediaType)).ToList())).ToList()),
            shards, models, software, seeds, machine, provenance);
    }

    /// <summary>
    /// The workflow digest a manifest records: the SHA256 of the workflow file's text (UTF-8, as
    /// <see cref="File.ReadAllText(string)"/> gives it). <c>asd infer</c>'s drift check compares against the same function.
    /// </summary>
    public static string WorkflowDigest(string workflowText) => Digest.Of(workflowText).ToString();

    public static byte[] Serialize(Manifest manifest) => System.Text.Encoding.UTF8.GetBytes(
        System.Text.Json.JsonSerializer.Serialize(manifest, JsonDefaults.Indented) + "\n");

    /// <summary>
    /// Reads a manifest file. A missing file, a folder, malformed JSON, or JSON that is not a manifest (a missing
    /// or null member, another schema) is one BadInput line naming the file.
    /// </summary>
    public static Manifest Load(string path)
    {
        if (Directory.Exists(path)) throw NotAManifest(path, "is a folder");
        Manifest manifest;
        try { manifest = System.Text.Json.JsonSerializer.Deserialize<Manifest>(File.ReadAllBytes(path), Strict)!; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or NotSupportedException)
        {
            throw NotAManifest(path, ex.Message.Split('\n')[0].Trim());
        }
        if (manifest is null) throw NotAManifest(path, "holds JSON null");
        if (manifest.SchemaVersion != Manifest.CurrentSchema)
            throw NotAManifest(path, $"has schema_version {manifest.SchemaVersion}, this asd reads {Manifest.CurrentSchema}");
        return manifest;
    }

    // Required members must be present and non-null (the records' nullable annotations), so that a JSON file
    // that is not a manifest fails here rather than as a null reference deep inside verify or recompute.
    private static readonly System.Text.Json.JsonSerializerOptions Strict = new(JsonDefaults.Options)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private static AsdException NotAManifest(string path, string why) =>
        AsdException.BadInput($"{path}: not a readable manifest ({why}); give a file written by `asd freeze WORKFLOW --name NAME`");
}

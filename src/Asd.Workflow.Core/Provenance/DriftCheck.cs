using System.Text.Json.Nodes;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Core.Provenance;

/// <summary>One difference between a frozen manifest and what would run now.</summary>
public sealed record Drift(string What, string Frozen, string Now)
{
    public override string ToString() => $"{What}: frozen {Frozen}, now {Now}";
}

/// <summary>
/// What would run now: the workflow as loaded (its text's digest, computed as freeze computes it), the registered
/// models' digests and the asd version.
/// </summary>
public sealed record CurrentSetup(string WorkflowDigest, WorkflowDefinition Workflow, IReadOnlyDictionary<string, string> Models, string AsdVersion);

/// <summary>
/// Compares a frozen manifest with the current setup before an evaluation run: the workflow text, each stage
/// (present, uses, needs, every resolved option, on_bad_clip), each activity's version, each stage's resolved
/// configuration and result-changing environment facts (the stage identity recorded in the frozen execution
/// records, <see cref="StageIdentity.Document"/>), the digest of every model the manifest names, and the asd
/// version. Every difference is listed, in that order; an empty list means the frozen workflow runs unchanged.
/// A model registered since the freeze is no difference (no frozen stage can name it).
/// </summary>
public static class DriftCheck
{
    public const string SoftwareKey = "asd";

    public static IReadOnlyList<Drift> Compare(Manifest frozen, CurrentSetup now, ActivityRegistry registry, IArtifactStore store)
    {
        var drifts = new List<Drift>();
        if (frozen.Workflow.Digest != now.WorkflowDigest)
            drifts.Add(new Drift($"workflow {now.Workflow.SourceFile}: text", frozen.Workflow.Digest, now.WorkflowDigest));
        var onBadClip = now.Workflow.OnBadClip.ToString().ToLowerInvariant();
        if (frozen.Workflow.OnBadClip != onBadClip) drifts.Add(new Drift("on_bad_clip", frozen.Workflow.OnBadClip, onBadClip));

        var current = now.Workflow.Stages.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var stage in frozen.Workflow.Stages)
        {
            if (!current.TryGetValue(stage.Name, out var mine)) { drifts.Add(new Drift($"stage {stage.Name}", $"uses {stage.Uses}", "absent")); continue; }
            if (stage.Uses != mine.Uses) { drifts.Add(new Drift($"stage {stage.Name}: uses", stage.Uses, mine.Uses)); continue; }
            if (!stage.Needs.SequenceEqual(mine.Needs, StringComparer.Ordinal))
                drifts.Add(new Drift($"stage {stage.Name}: needs", List(stage.Needs), List(mine.Needs)));
            drifts.AddRange(Members($"stage {stage.Name}: option", stage.Options, mine.Options));
            drifts.AddRange(Implementation(frozen, stage, mine, registry, store));
        }
        foreach (var added in now.Workflow.Stages.Where(s => frozen.Workflow.Stages.All(f => f.Name != s.Name)))
            drifts.Add(new Drift($"stage {added.Name}", "absent", $"uses {added.Uses}"));

        foreach (var (name, digest) in frozen.Models.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var model = now.Models.TryGetValue(name, out var d) ? d : "not registered";
            if (model != digest) drifts.Add(new Drift($"model {name}", digest, model));
        }
        var asd = frozen.Software.TryGetValue(SoftwareKey, out var v) ? v : "(not recorded)";
        if (asd != now.AsdVersion) drifts.Add(new Drift("asd version", asd, now.AsdVersion));
        return drifts;
    }

    /// <summary>The activity version, and the configuration and environment facts of the frozen stage identity against today's.</summary>
    private static IEnumerable<Drift> Implementation(Manifest frozen, ManifestStage stage, StageDefinition mine, ActivityRegistry registry, IArtifactStore store)
    {
        var shard = frozen.Stages.FirstOrDefault(s => s.Stage == stage.Name);
        if (shard is null || !registry.TryGet(mine.Uses, out var activity)) yield break; // an unknown kind fails the workflow load first
        if (shard.Version != activity.Version)
        {
            yield return new Drift($"stage {stage.Name}: activity {shard.Kind} version", $"v{shard.Version}", $"v{activity.Version}");
            yield break; // a new implementation describes itself anew: its configuration is not comparable
        }
        var digest = Digest.Parse(shard.ExecutionObject);
        if (!store.Exists(digest))
        {
            yield return new Drift($"stage {stage.Name}: frozen execution record", shard.ExecutionObject, "missing from the store (run asd verify on the manifest)");
            yield break;
        }
        var record = JsonDefaults.Deserialize<ExecutionRecord>(store.ReadAll(digest));
        var then = JsonNode.Parse(record.KeyDocument)!.AsObject();
        var today = JsonNode.Parse(StageIdentity.Of(activity, mine.TypedOptions, mine.Needs).Document)!.AsObject();
        foreach (var part in new[] { "configuration", "environment" })
            foreach (var drift in Members($"stage {stage.Name}: {part}", then[part] as JsonObject ?? [], today[part] as JsonObject ?? []))
                yield return drift;
    }

    /// <summary>Member by member differences of two JSON objects (canonical text of each value; "absent" for a missing member).</summary>
    private static IEnumerable<Drift> Members(string what, JsonObject frozen, JsonObject now)
    {
        var names = frozen.Select(p => p.Key).Union(now.Select(p => p.Key)).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var a = frozen.TryGetPropertyValue(name, out var x) ? CanonicalJson.ToText(x) : "absent";
            var b = now.TryGetPropertyValue(name, out var y) ? CanonicalJson.ToText(y) : "absent";
            if (a != b) yield return new Drift($"{what} {name}", a, b);
        }
    }

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "[]" : $"[{string.Join(", ", names)}]";
}

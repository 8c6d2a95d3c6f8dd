using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Core.Provenance;

/// <summary>The audit of one system: its statistics, the closure they read, and any leak found.</summary>
/// <remarks>
/// <see cref="TrainScores"/>: the train-score protocol of every stage in the system's closure whose options declare
/// one (<c>train_scores</c>), as "stage (kind): protocol"; a stage with an <see cref="Auditor.ImportedPort"/> output made
/// its scores outside asd, so its protocol is the producer's declaration, which asd cannot verify, and says so.
/// </remarks>
public sealed record SystemAudit(string System, IReadOnlyList<string> Statistics, int ClosureSize, IReadOnlyList<string> TrainSources, IReadOnlyList<string> Leaks,
    IReadOnlyList<string>? TrainScores = null);

/// <summary>
/// Proves from a manifest's lineage that no calibration statistic, guard constant or decision threshold has a
/// test clip, an evaluation clip or a label in its input closure. A statistic is any output on a port named
/// "stats" or "threshold"; a system is any stage that outputs a threshold. The closure follows each output's
/// derived-from refs down to the data-set sources; every train inventory reached is also opened and checked
/// to list train clips only.
/// </summary>
public static class Auditor
{
    public static readonly string[] StatisticPorts = ["stats", "threshold"];

    /// <summary>The port on which a stage stores what it imported from outside asd (the import activity's declaration).</summary>
    public const string ImportedPort = "imported";

    public static IReadOnlyList<SystemAudit> Audit(Manifest manifest, IArtifactStore store)
    {
        var outputs = manifest.Stages.SelectMany(s => s.Outputs.Select(o => (Ref: $"{s.Stage}/{s.Shard}:{o.Port}", o))).ToDictionary(p => p.Ref, p => p.o);
        var sources = manifest.Dataset.Shards.SelectMany(s => s.Sources.Select(a => (Ref: $"dataset/{s.Shard}:{a.Port}", a))).ToDictionary(p => p.Ref, p => p.a);
        var audits = new List<SystemAudit>();
        foreach (var system in manifest.Stages.Where(s => s.Outputs.Any(o => o.Port == "threshold")).GroupBy(s => s.Stage))
        {
            // Every execution that contributed to the system's test scores, and the statistics those executions made.
            var producers = new HashSet<string>(StringComparer.Ordinal);
            foreach (var shard in system)
                foreach (var r in Closure($"{shard.Stage}/{shard.Shard}:test", outputs, []))
                    if (outputs.ContainsKey(r) && ArtifactRef.Parse(r) is var (st, sh, _)) producers.Add($"{st}/{sh}");
            var statistics = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var s in manifest.Stages.Where(s => producers.Contains($"{s.Stage}/{s.Shard}")))
                foreach (var o in s.Outputs.Where(o => StatisticPorts.Contains(o.Port))) statistics.Add($"{s.Stage}/{s.Shard}:{o.Port}");
            var leaks = new List<string>();
            var closure = new HashSet<string>(StringComparer.Ordinal);
            var trainSources = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var statistic in statistics)
            {
                foreach (var path in Paths(statistic, outputs, [statistic]))
                {
                    closure.UnionWith(path);
                    var leaf = path[^1];
                    var (stage, shard, port) = ArtifactRef.Parse(leaf);
                    if (stage != "dataset") continue;
                    if (port != ClipInventory.Train) { leaks.Add(string.Join(" <- ", path) + $" (reads the {port} split)"); continue; }
                    trainSources.Add(shard);
                    var inventory = JsonDefaults.Deserialize<ClipInventory>(store.ReadAll(Digest.Parse(sources[leaf].Digest)));
                    var foreign = inventory.Clips.Where(c => c.Split != ClipInventory.Train).Select(c => c.Name).ToList();
                    if (foreign.Count > 0) leaks.Add($"{leaf} lists {foreign.Count} non-train clip(s), e.g. {foreign[0]}");
                }
            }
            audits.Add(new SystemAudit(system.Key, statistics.ToList(), closure.Count, trainSources.ToList(), leaks.Distinct().ToList(),
                TrainScoreProtocols(manifest, producers)));
        }
        return audits;
    }

    private static List<string> TrainScoreProtocols(Manifest manifest, HashSet<string> producers)
    {
        var stages = producers.Select(p => ArtifactRef.Parse(p + ":x").Stage).ToHashSet(StringComparer.Ordinal);
        var imported = manifest.Stages.Where(s => s.Outputs.Any(o => o.Port == ImportedPort)).Select(s => s.Stage).ToHashSet(StringComparer.Ordinal);
        return manifest.Workflow.Stages
            .Where(s => stages.Contains(s.Name) && s.Options.TryGetPropertyValue("train_scores", out var v) && v is not null)
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => $"{s.Name} ({s.Uses}): {s.Options["train_scores"]!.GetValue<string>()}" + (imported.Contains(s.Name) ? ", declared by the producer (imported scores; asd cannot check it)" : ""))
            .ToList();
    }

    private static IEnumerable<string> Closure(string start, Dictionary<string, ManifestArtifact> outputs, HashSet<string> seen)
    {
        var stack = new Stack<string>([start]);
        while (stack.Count > 0)
        {
            var r = stack.Pop();
            if (!seen.Add(r)) continue;
            yield return r;
            if (outputs.TryGetValue(r, out var o)) foreach (var d in o.DerivedFrom ?? []) stack.Push(d);
        }
    }

    /// <summary>Every lineage path from a statistic down to a data-set source (deduplicated by node).</summary>
    private static IEnumerable<List<string>> Paths(string r, Dictionary<string, ManifestArtifact> outputs, List<string> path)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<List<string>>([path]);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            var node = current[^1];
            if (!visited.Add(node)) continue;
            if (!outputs.TryGetValue(node, out var o) || (o.DerivedFrom ?? []).Count == 0) { yield return current; continue; }
            foreach (var d in o.DerivedFrom!) stack.Push([.. current, d]);
        }
    }
}

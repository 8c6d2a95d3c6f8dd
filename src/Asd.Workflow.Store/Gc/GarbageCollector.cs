using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Provenance;
using Asd.Workflow.Store.Objects;

namespace Asd.Workflow.Store.Gc;

/// <summary>What gc keeps and frees. <paramref name="ManifestsFolder"/>: extra manifest files that are roots too (may be absent).</summary>
public sealed record GcOptions(int KeepRuns = 5, string? ManifestsFolder = null, bool Force = false);

/// <summary>
/// The objects gc would delete (with their sizes), what it keeps, the run roots that fell out of the last N, and
/// the objects of every execution the index lists (read and hashed once, for reachability and <see cref="GcKinds"/>).
/// </summary>
public sealed record GcPlan(IReadOnlyList<(Digest Digest, long Bytes)> Dead, int Live, int Roots, IReadOnlyList<string> OldRunRoots,
    IReadOnlyList<ExecutionObjects> Executions)
{
    public long Bytes => Dead.Sum(d => d.Bytes);
}

/// <summary>
/// Mark and sweep over the store. Roots: the last <see cref="GcOptions.KeepRuns"/> run roots of every workflow
/// and every manifest root in <c>store/roots/</c> (<see cref="GcRoots"/>), the runs the index still lists
/// (stores written before roots existed), and the manifests of <see cref="GcOptions.ManifestsFolder"/>.
/// Everything named ("sha256:…") inside a reachable JSON object is reachable. Callers hold the store lock, so
/// no run is writing objects that no root names yet. A store without any root is refused unless forced: gc
/// would otherwise delete every object.
/// </summary>
public static class GarbageCollector
{
    public static GcPlan Plan(FileSystemArtifactStore store, IRunIndex index, GcOptions options)
    {
        var keep = Math.Max(0, options.KeepRuns);
        var storeRoots = new GcRoots(store.Root);
        var roots = new HashSet<Digest>();
        var history = 0;
        var oldRuns = new List<string>();
        foreach (var workflow in storeRoots.Workflows())
        {
            var runs = storeRoots.Runs(workflow);
            history += runs.Count;
            oldRuns.AddRange(runs.SkipLast(keep).Select(r => r.Path));
            foreach (var run in runs.TakeLast(keep)) Add(roots, run.Root.Objects);
        }
        foreach (var manifest in storeRoots.Manifests()) { history++; Add(roots, manifest.Root.Objects); }

        var records = index.Executions().Select(e => (e.CacheKey, Objects: GcRoots.Objects(e))).ToList();
        var executions = records.ToDictionary(e => e.CacheKey, e => e.Objects);
        foreach (var workflowRuns in index.Runs().GroupBy(r => r.Workflow))
        {
            history += workflowRuns.Count();
            foreach (var run in workflowRuns.TakeLast(keep))
                foreach (var key in run.ExecutionKeys)
                    if (executions.TryGetValue(key, out var e)) roots.UnionWith(e.All);
        }
        if (options.ManifestsFolder is { } folder && Directory.Exists(folder))
            foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                history++;
                Add(roots, ManifestBuilder.Load(file).NamedObjects().Select(o => o.Digest));
            }

        if (history == 0 && !options.Force)
            throw AsdException.BadInput($"gc: the store {store.Root} has no run history and no frozen manifest, so every object would be deleted; run or freeze a workflow first, or pass --force");
        var live = ObjectReferences.Reachable(store, roots); // a corrupt JSON object stops gc (CorruptObject) rather than losing what it names
        var dead = store.List().Where(d => !live.Contains(d)).OrderBy(d => d.Hex, StringComparer.Ordinal).Select(d => (d, store.Size(d))).ToList();
        return new GcPlan(dead, live.Count(store.Exists), roots.Count, oldRuns, records.Select(r => r.Objects).ToList());
    }

    /// <summary>Deletes the plan's objects and the run roots older than the last N.</summary>
    public static void Sweep(FileSystemArtifactStore store, GcPlan plan)
    {
        foreach (var (digest, _) in plan.Dead) store.Delete(digest);
        foreach (var file in plan.OldRunRoots) File.Delete(file);
    }

    private static void Add(HashSet<Digest> roots, IEnumerable<string> digests)
    {
        foreach (var d in digests) roots.Add(Digest.Parse(d));
    }
}

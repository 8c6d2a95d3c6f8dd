using System.Globalization;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Core.Paths;

namespace Asd.Workflow.Store.Gc;

/// <summary>One gc root: the objects a successful run or a frozen manifest needs (gc also keeps what they reference).</summary>
public sealed record GcRoot(string Kind, string Name, IReadOnlyList<string> Objects);

/// <summary>An execution's objects: its record object (named by <see cref="RecordDigest"/>) and its outputs.</summary>
public sealed record ExecutionObjects(string Kind, Digest Record, IReadOnlyList<Digest> Outputs)
{
    public IEnumerable<Digest> All => Outputs.Prepend(Record);
}

/// <summary>A root file and the root it holds.</summary>
public sealed record GcRootFile(string Path, GcRoot Root);

/// <summary>
/// gc roots kept inside the store, like Nix's gcroots: <c>roots/runs/&lt;workflow&gt;/&lt;n&gt;.json</c> per
/// successful run (n counts up) and <c>roots/manifests/&lt;manifest digest&gt;.json</c> per freeze. They are
/// plain files, so they do not depend on the working folder or on the index (<c>store reindex</c> keeps them),
/// and each is written to <c>tmp/</c>, fsynced and renamed into place, so a root is either whole or absent.
/// Callers hold the store lock.
/// </summary>
public sealed class GcRoots(string storeRoot)
{
    public const string RunKind = "run";
    public const string ManifestKind = "manifest";

    private readonly string _root = Path.GetFullPath(storeRoot);

    private string Folder => Path.Combine(_root, "roots");

    /// <summary>The record object and outputs of an execution: what a run root lists for each of its shards.</summary>
    public static IEnumerable<Digest> ObjectsOf(ExecutionRecord record) => Objects(record).All;

    /// <summary>The one rule for which objects an execution owns (gc's reachability and its per-kind summary both use it).</summary>
    public static ExecutionObjects Objects(ExecutionRecord record) =>
        new(record.Kind, RecordDigest.Of(record), record.Outputs.Select(o => Digest.Parse(o.Digest)).ToList());

    /// <summary>Records a run of <paramref name="workflow"/>; nothing is written when it needs the same objects as the last one.</summary>
    public string? AddRun(string workflow, IEnumerable<Digest> objects)
    {
        var root = new GcRoot(RunKind, workflow, Sorted(objects));
        var existing = Runs(workflow);
        if (existing.Count > 0 && existing[^1].Root.Objects.SequenceEqual(root.Objects)) return null;
        var next = existing.Count == 0 ? 1 : Number(existing[^1].Path) + 1;
        return Write(Path.Combine("runs", workflow, $"{next}.json"), root);
    }

    /// <summary>Records a frozen manifest (named by the digest of its bytes, the submission id).</summary>
    public string AddManifest(Digest manifest, string name, IEnumerable<Digest> objects) =>
        Write(Path.Combine("manifests", $"{manifest.Hex}.json"), new GcRoot(ManifestKind, name, Sorted(objects)));

    /// <summary>Workflows with run roots.</summary>
    public IReadOnlyList<string> Workflows()
    {
        var runs = Path.Combine(Folder, "runs");
        return Directory.Exists(runs) ? Directory.GetDirectories(runs).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToList() : [];
    }

    /// <summary>The run roots of a workflow, oldest first.</summary>
    public IReadOnlyList<GcRootFile> Runs(string workflow) =>
        Read(ConfinedPath.Resolve(Folder, Path.Combine("runs", workflow))).OrderBy(f => Number(f.Path)).ToList();

    public IReadOnlyList<GcRootFile> Manifests() => Read(Path.Combine(Folder, "manifests")).ToList();

    private static List<string> Sorted(IEnumerable<Digest> objects) => objects.Select(d => d.ToString()).Distinct().Order(StringComparer.Ordinal).ToList();

    private static int Number(string path) => int.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static IEnumerable<GcRootFile> Read(string folder)
    {
        if (!Directory.Exists(folder)) yield break;
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            GcRoot? root;
            try { root = JsonDefaults.Deserialize<GcRoot>(File.ReadAllBytes(file)); }
            catch (System.Text.Json.JsonException) { root = null; }
            if (root?.Objects is null || root.Objects.Any(o => !Digest.TryParse(o, out _)))
                throw AsdException.Failed($"gc root {file} cannot be read; gc stops rather than guess what it protects (restore or delete the file)");
            yield return new GcRootFile(file, root);
        }
    }

    private string Write(string relative, GcRoot root)
    {
        var path = ConfinedPath.Resolve(Folder, relative);
        AtomicFile.Write(path, CanonicalJson.Serialize(root), Path.Combine(_root, "tmp"));
        return path;
    }
}

using System.IO.Hashing;
using System.Text;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Paths;
using Asd.Workflow.Store.Objects;

namespace Asd.Workflow.Cli.Composition;

/// <summary>
/// A note a successful <c>asd run</c> leaves in <c>store/stamps/</c> so the next identical call can say
/// "nothing to do" without opening the index. It records the parts of every stage's <see cref="Core.Engine.StageIdentity"/>
/// as the run LOADED them at its start: kind, version and options through the workflow file's bytes (as read)
/// and the asd assemblies (as stat'ed at start-up); the resolved configuration through the files it was read from
/// (model registry, model files); the environment facts themselves (CPU class, runtime, ONNX Runtime version,
/// device and provider, threads); the data inputs through the data set's listing fingerprint. Besides: the index
/// files (after the run) and every output object. The next plain run with the same workflow path, variables,
/// model registry and working folder checks all of it — a directory read per clip folder, a stat per output
/// object and dependency file, and a cheap re-resolution of each fact (no index, no ONNX session) — and when
/// everything matches, every shard's cache key and outputs are necessarily the ones the stamp saw. Anything
/// else falls back to the full check, which writes a fresh stamp.
/// </summary>
internal sealed record RunStamp(
    string Workflow,
    int Shards,
    string DatasetRoot,
    string DatasetFingerprint,
    IReadOnlyList<StampedFile> Files,
    IReadOnlyList<string> Outputs)
{
    public const int CurrentSchema = 2;

    /// <summary>Per stage with environment facts, the facts its identity had (one dictionary per stage).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Facts { get; init; } = [];

    /// <summary>
    /// The team cache (<see cref="RemoteId"/>) that, at the end of the run, held every shard's record: the run
    /// uploaded to it what it executed and what it found in the local cache, and nothing failed. A no-op with
    /// that cache and uploads on may then answer from the stamp; with another cache it takes the full check (which
    /// seeds it). Null when the run had no uploading cache, or one that did not get everything.
    /// </summary>
    public string? SharedWith { get; init; }

    /// <summary>A team cache's identity in a stamp: a hash of its URL (never the URL itself, which a stamp need not show).</summary>
    public static string RemoteId(Store.Remote.RemoteCacheSettings settings) =>
        Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(settings.Url.AbsoluteUri)));

    /// <summary>Where the stamp of (working folder, workflow path, variables) lives in a store.</summary>
    public static string PathFor(string storeRoot, string workflowPath, IReadOnlyDictionary<string, string> variables)
    {
        var text = new StringBuilder()
            .Append(Environment.CurrentDirectory).Append('\n')
            .Append(Path.GetFullPath(workflowPath)).Append('\n');
        var names = variables.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        foreach (var name in names) text.Append(name).Append('=').Append(variables[name]).Append('\n');
        text.Append("models=").Append(Path.GetFullPath(EncoderCatalog.RegistryPath)).Append('\n'); // which registry resolves model names
        var key = Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(text.ToString())));
        return Path.Combine(Path.GetFullPath(storeRoot), "stamps", key + ".stamp");
    }

    /// <summary>The asd assemblies and package list as they are now: taken at start-up, before the run.</summary>
    public static List<StampedFile> Tool() => ToolAssemblies().Select(StampedFile.Stat).ToList();

    /// <summary>The index files: taken after the run, once the index is closed, as the next run will see them.</summary>
    public static List<StampedFile> IndexFiles(string storeRoot) =>
        new[] { "index.db", "index-log.db" }.Select(name => StampedFile.Stat(Path.Combine(Path.GetFullPath(storeRoot), name))).ToList();

    private static IEnumerable<string> ToolAssemblies()
    {
        var dir = AppContext.BaseDirectory;
        yield return Path.Combine(dir, "asd.dll");
        yield return Path.Combine(dir, "asd.deps.json"); // package versions
        foreach (var path in Directory.EnumerateFiles(dir, "Asd.Workflow.*.dll").Order(StringComparer.Ordinal)) yield return path;
    }

    public RunStamp With(IReadOnlyList<StampedFile> files) => this with { Files = files };

    /// <summary>
    /// Writes the stamp as a few lines of text (read on every plain run, so no serializer start-up): a header,
    /// then one "key value" line each, paths last on their line. Written to a temporary name in <c>store/tmp</c>
    /// (which the next open empties, so a killed run leaves nothing behind), then renamed. A stamp is only a
    /// shortcut: when it cannot be written (a full disk, a temp file removed by a concurrent open) there is none,
    /// and the next run does the full check. Returns whether it was written.
    /// </summary>
    public bool Write(string path)
    {
        if (Files.Any(f => f.Path.Contains('\n')) || DatasetRoot.Contains('\n')) return false; // not representable: no stamp
        var text = new StringBuilder().Append(Header).Append(' ').Append(CurrentSchema).Append('\n')
            .Append("workflow ").Append(Workflow).Append('\n')
            .Append("shards ").Append(Shards).Append('\n')
            .Append("dataset ").Append(DatasetRoot).Append('\n')
            .Append("fingerprint ").Append(DatasetFingerprint).Append('\n');
        foreach (var f in Files) text.Append("file ").Append(f.Size).Append(' ').Append(f.Mtime).Append(' ').Append(f.Content ?? "-").Append(' ').Append(f.Path).Append('\n');
        for (var i = 0; i < Facts.Count; i++)
            foreach (var (name, value) in Facts[i])
            {
                if (name.Contains(' ') || value.Contains('\n')) return false; // not representable: no stamp
                text.Append("fact ").Append(i).Append(' ').Append(name).Append(' ').Append(value).Append('\n');
            }
        if (SharedWith is not null) text.Append("shared ").Append(SharedWith).Append('\n');
        foreach (var o in Outputs) text.Append("output ").Append(o).Append('\n');
        var temps = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(path)!)!, "tmp"); // store/stamps → store/tmp
        try
        {
            AtomicFile.Write(path, text.ToString(), temps);
            return true;
        }
        catch (IOException) { return false; } // AtomicFile removed its temp file
    }

    /// <summary>The stamp at <paramref name="path"/>, or null when there is none or it cannot be read.</summary>
    public static RunStamp? Read(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (IOException) { return null; }
        if (lines.Length < 5 || lines[0] != $"{Header} {CurrentSchema}") return null;
        string? workflow = null, root = null, fingerprint = null, shared = null;
        var shards = -1;
        var files = new List<StampedFile>();
        var outputs = new List<string>();
        var facts = new List<Dictionary<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var space = line.IndexOf(' ');
            if (space <= 0) return null;
            var value = line[(space + 1)..];
            switch (line[..space])
            {
                case "workflow": workflow = value; break;
                case "shards" when int.TryParse(value, out var n): shards = n; break;
                case "dataset": root = value; break;
                case "fingerprint": fingerprint = value; break;
                case "shared": shared = value; break;
                case "output": outputs.Add(value); break;
                case "file" when StampedFile.Parse(value) is { } file: files.Add(file); break;
                case "fact" when ParseFact(value, facts): break;
                default: return null;
            }
        }
        return workflow is null || root is null || fingerprint is null || shards < 0
            ? null
            : new RunStamp(workflow, shards, root, fingerprint, files, outputs) { Facts = facts, SharedWith = shared };
    }

    // "STAGE-INDEX NAME VALUE": the facts of one stage share an index.
    private static bool ParseFact(string text, List<Dictionary<string, string>> facts)
    {
        var parts = text.Split(' ', 3);
        if (parts.Length != 3 || !int.TryParse(parts[0], out var i) || i < 0 || i > facts.Count) return false;
        if (i == facts.Count) facts.Add(new Dictionary<string, string>(StringComparer.Ordinal));
        facts[i][parts[1]] = parts[2];
        return true;
    }

    private const string Header = "asd-run-stamp";

    /// <summary>True when the data set, every file and every environment fact are as they were and every output object is present.</summary>
    public bool StillHolds(string storeRoot, string datasetFingerprint) =>
        datasetFingerprint == DatasetFingerprint && FilesUnchanged() && FactsHold() && OutputsPresent(storeRoot);

    public bool FilesUnchanged() => Files.All(f => f.Unchanged());

    /// <summary>Each stage's environment facts, re-resolved cheaply (<see cref="StampedFacts"/>), have their stamped values.</summary>
    public bool FactsHold() => Facts.All(stage => stage.All(fact => StampedFacts.Current(fact.Key, stage) == fact.Value));

    public bool OutputsPresent(string storeRoot) =>
        Outputs.All(digest => Digest.TryParse(digest, out var parsed) && File.Exists(FileSystemArtifactStore.ObjectPath(storeRoot, parsed)));
}

/// <summary>A file as a stamp saw it: size and mtime, plus an XXH128 of the bytes for small text files.</summary>
internal sealed record StampedFile(string Path, long Size, long Mtime, string? Content)
{
    public static StampedFile Stat(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new StampedFile(info.FullName, info.Length, info.LastWriteTimeUtc.Ticks, null) : new StampedFile(info.FullName, -1, 0, null);
    }

    public static StampedFile WithContent(string path)
    {
        var stat = Stat(path);
        return stat with { Content = stat.Size < 0 ? null : ContentHash(stat.Path) };
    }

    /// <summary>A file as it was loaded: stat taken before the read, hash of the bytes read (an edit after either shows next time).</summary>
    public static StampedFile Loaded(StampedFile statBeforeRead, byte[] bytesRead) =>
        statBeforeRead with { Content = Convert.ToHexStringLower(XxHash128.Hash(bytesRead)) };

    public bool Unchanged()
    {
        var now = Stat(Path);
        if (now.Size != Size || now.Mtime != Mtime) return false;
        return Content is null || (Size >= 0 && ContentHash(Path) == Content);
    }

    /// <summary>"SIZE MTIME CONTENT|- PATH".</summary>
    public static StampedFile? Parse(string text)
    {
        var parts = text.Split(' ', 4);
        if (parts.Length != 4 || !long.TryParse(parts[0], out var size) || !long.TryParse(parts[1], out var mtime)) return null;
        return new StampedFile(parts[3], size, mtime, parts[2] == "-" ? null : parts[2]);
    }

    private static string ContentHash(string path) => Convert.ToHexStringLower(XxHash128.Hash(File.ReadAllBytes(path)));
}

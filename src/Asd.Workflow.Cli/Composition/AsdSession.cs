using Asd.Workflow.Audio.Encoders;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Store.Dataset;
using Asd.Workflow.Store.Index;
using Asd.Workflow.Store.Objects;

namespace Asd.Workflow.Cli.Composition;

/// <summary>
/// One command's view of a store: the lock, the object store, the index and the activity registry. Opening
/// takes the store lock and removes temp files a crashed run left behind.
/// </summary>
public sealed class AsdSession : IDisposable
{
    private readonly StoreLock _lock;

    private AsdSession(string root, StoreLock storeLock, IEncoderProvider encoders, Action<string> notice)
    {
        _lock = storeLock;
        // ASD_UNVERIFIED_READS=1 only to measure what verified reads cost (docs/benchmarks.md).
        Store = new FileSystemArtifactStore(root) { VerifyReads = Environment.GetEnvironmentVariable("ASD_UNVERIFIED_READS") != "1" };
        Store.Notice = line => Notice(line);
        Store.RemoveTemporaryFiles();
        Index = IndexRepair.OpenOrRebuild(Store, Path.Combine(Store.Root, "index.db"), notice);
        Encoders = encoders;
        Registry = ActivityCatalog.Create(encoders);
    }

    public FileSystemArtifactStore Store { get; }
    public LiteDbRunIndex Index { get; private set; }
    public ActivityRegistry Registry { get; }
    public IEncoderProvider Encoders { get; }

    /// <summary>Where notices from services go (a live progress display redirects them while it draws).</summary>
    public Action<string> Notice { get; set; } = Console.Error.WriteLine;

    public static AsdSession Open(string root, Action<string> notice)
    {
        var timeout = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("ASD_LOCK_TIMEOUT"), out var s) ? s : 600);
        var storeLock = StoreLock.Acquire(Path.GetFullPath(root), timeout, notice);
        AsdSession? session = null;
        try
        {
            session = new AsdSession(root, storeLock, EncoderCatalog.Create(line => session!.Notice(Detailed(line)), Path.GetFullPath(root)), notice);
            session.Notice = Output.OutputSettings.Current.Quiet ? _ => { } : notice; // --quiet: no notes
            return session;
        }
        catch { storeLock.Dispose(); throw; }
    }

    /// <summary>A notice with the detail behind it under --verbose (why CUDA is not available).</summary>
    private static string Detailed(string line) =>
        Output.OutputSettings.Current.Verbose && line == Models.Onnx.ExecutionProviders.CpuFallbackNotice ? $"{line} ({Models.Onnx.ExecutionProviders.WhyNoCuda})" : line;

    /// <summary>Loads the workflow; <paramref name="loaded"/> is the file as read (stat before the read, hash of the bytes read).</summary>
    internal WorkflowDefinition LoadWorkflow(string path, IReadOnlyDictionary<string, string> variables, out StampedFile loaded)
    {
        if (!File.Exists(path)) throw AsdException.BadInput($"workflow file {path} does not exist");
        var stat = StampedFile.Stat(path);
        var bytes = File.ReadAllBytes(path);
        loaded = StampedFile.Loaded(stat, bytes);
        return new WorkflowLoader(Registry).Load(WorkflowLoader.Text(bytes, path), path, variables);
    }

    /// <param name="rehash">Hash every data-set file, trusting neither the stat cache nor a remembered snapshot.</param>
    public DatasetSnapshot ScanDataset(WorkflowDefinition workflow, int jobs, out string? fingerprint, out int hashed, bool rehash = false)
    {
        if (string.IsNullOrEmpty(workflow.Dataset))
            throw AsdException.BadInput($"{workflow.SourceFile}: workflow names no dataset (add 'dataset: ${{data}}' and pass --data DIR)");
        var scanner = new DatasetScanner(Store, Index);
        var snapshot = scanner.Scan(workflow.Dataset, jobs, rehash);
        fingerprint = scanner.Fingerprint;
        hashed = scanner.Hashed;
        return snapshot;
    }

    /// <summary>
    /// <c>asd store reindex</c>: closes the index, rebuilds a new file from the objects (keeping what the old one
    /// still holds that objects cannot give), renames it over the old one and opens it.
    /// </summary>
    public IndexRebuilder.Outcome Reindex()
    {
        var path = Index.FilePath;
        Index.Dispose();
        var outcome = IndexRebuilder.RebuildFile(Store, path, keepFrom: path);
        Index = LiteDbRunIndex.Open(path);
        return outcome;
    }

    public void Dispose()
    {
        Index.Dispose();
        _lock.Dispose();
    }
}

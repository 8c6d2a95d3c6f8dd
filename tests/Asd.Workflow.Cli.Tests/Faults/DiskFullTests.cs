using System.Text.Json;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Faults;

/// <summary>
/// Fault (d): a store (or an --out folder) on a small tmpfs that fills up. asd prints one line, exits 1, leaves
/// no partial object and an index that opens, and the run succeeds once space is freed, byte-identical to a
/// clean run. Where no tmpfs can be mounted, Core's WorkflowRunnerDiskFullTests and DiskFullTests inject the
/// same failure.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class DiskFullTests(ReferenceRun reference)
{
    private const string Suffix = "; free space and rerun";

    [TmpfsFact]
    public void Run_StoreFullWhileWritingObjects_OneLineNoPartialObjectThenRerunMatchesCleanRun()
    {
        using var disk = Tmpfs.Mount("full-store", 32 * 1024);
        var folder = RepoPaths.TempDir("full-store-run");
        var store = Path.Combine(disk.Path, "store");
        var args = reference.Args(folder, store);
        var filler = disk.Fill(leaveBytes: 1280 << 10); // the run needs about 1.8 MB (objects 1.5 MB, index 0.35 MB; no stored audio since issue 16)

        var full = AsdProcess.Run(folder, [.. args, "--jobs", "1"]);

        Assert.Equal(1, full.ExitCode);
        var line = Assert.Single(full.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"asd: store {store} is full: no space left writing object sha256:", line);
        Assert.EndsWith(Suffix, line);
        Assert.DoesNotContain(full.Lines, l => JsonDocument.Parse(l).RootElement.GetProperty("status").GetString() == "failed");
        Assert.Empty(Directory.GetFiles(Path.Combine(store, "tmp"))); // removed by the failing write itself
        StoreChecks.ObjectsMatchTheirNames(store, "store full");
        StoreChecks.Opens(store, "store full"); // the index opens, even on the full disk

        File.Delete(filler);
        var rerun = AsdProcess.Run(folder, args);
        Assert.True(rerun.ExitCode == 0, rerun.Err);
        RunOutputs.Of(rerun, ReferenceRun.OutOf(folder)).AssertSameAs(reference.Outputs, "after space was freed");
    }

    [TmpfsFact]
    public void Run_IndexWriteOnFullDisk_OneLineAndTheIndexStillOpens()
    {
        using var disk = Tmpfs.Mount("full-index", 32 * 1024);
        var folder = RepoPaths.TempDir("full-index-run");
        var store = Path.Combine(disk.Path, "store");
        var args = reference.Args(folder, store);
        Assert.Equal(0, AsdProcess.Run(folder, args).ExitCode);
        var filler = disk.Fill(leaveBytes: 0);

        // Every shard is cached, so the only writes are the index's (the run record) and the stamp's.
        var full = AsdProcess.Run(folder, args);

        Assert.Equal(1, full.ExitCode);
        var line = Assert.Single(full.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"asd: the disk is full: no space left writing {store}/index", line);
        Assert.EndsWith(Suffix, line);
        StoreChecks.Opens(store, "index full");

        File.Delete(filler);
        var rerun = AsdProcess.Run(folder, args);
        Assert.True(rerun.ExitCode == 0, rerun.Err);
        RunOutputs.Of(rerun, ReferenceRun.OutOf(folder)).AssertSameAs(reference.Outputs, "after space was freed");
    }

    [TmpfsFact]
    public void Run_OutFolderFull_OneLineNamingTheFile()
    {
        using var disk = Tmpfs.Mount("full-out", 64);
        var output = Path.Combine(disk.Path, "out");

        var full = AsdProcess.Run(reference.Folder, reference.Args(reference.Folder, output: output));

        Assert.Equal(1, full.ExitCode);
        var line = Assert.Single(full.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"asd: the disk is full: no space left writing {output}/", line);
        Assert.EndsWith(Suffix, line);
    }
}

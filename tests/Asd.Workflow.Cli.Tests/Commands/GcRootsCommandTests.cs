using System.Text.Json;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Commands;

/// <summary>gc keeps what the roots in the store protect, whatever the working folder and the state of the index.</summary>
public sealed class GcRootsCommandTests(TinyDataSet data) : IClassFixture<TinyDataSet>
{
    private static readonly Dictionary<string, string> FullCheck = new() { ["ASD_FULL_CHECK"] = "1" };

    private string[] Common(string store) => ["--data", data.Root, "--set", "bad=fail", "--store", store];

    private static int Ran(AsdProcess.Result run) =>
        JsonDocument.Parse(run.Lines[^1]).RootElement.GetProperty("ran").GetInt32();

    [Fact]
    public void ReindexThenGc_UnfrozenOutputsOfTheLastRun_Kept()
    {
        var dir = RepoPaths.TempDir("gc-reindex");
        Assert.Equal(0, AsdProcess.Run(dir, ["run", AsdProcess.Workflow("tiny.yaml"), .. Common("store")]).ExitCode);
        Assert.Equal(0, AsdProcess.Run(dir, "store", "reindex", "--store", "store").ExitCode);

        var gc = AsdProcess.Run(dir, "gc", "--store", "store");

        Assert.True(gc.ExitCode == 0, gc.Err);
        var rerun = AsdProcess.RunWith(FullCheck, dir, ["run", AsdProcess.Workflow("tiny.yaml"), .. Common("store"), "--json"]);
        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal(0, Ran(rerun));
    }

    [Fact]
    public void Gc_FromAnotherWorkingFolder_FrozenOutputsKept()
    {
        var dir = RepoPaths.TempDir("gc-frozen");
        var store = Path.Combine(dir, "store");
        Assert.Equal(0, AsdProcess.Run(dir, ["run", AsdProcess.Workflow("tiny.yaml"), .. Common(store)]).ExitCode);
        Assert.Equal(0, AsdProcess.Run(dir, ["freeze", AsdProcess.Workflow("tiny.yaml"), "--name", "kept", .. Common(store)]).ExitCode);
        var elsewhere = RepoPaths.TempDir("gc-elsewhere");

        var gc = AsdProcess.Run(elsewhere, "gc", "--store", store, "--keep-runs", "0");

        Assert.True(gc.ExitCode == 0, gc.Err);
        Assert.Matches(@"^deleted \d+ of \d+ object\(s\)", gc.Out);
        var verify = AsdProcess.Run(elsewhere, "verify", Path.Combine(dir, "manifests", "kept.json"), "--store", store);
        Assert.True(verify.ExitCode == 0, verify.Out);
        Assert.Contains("all intact", verify.Out);
    }

    [Fact]
    public void Gc_StoreWithoutRunHistory_RefusedUnlessForced()
    {
        var dir = RepoPaths.TempDir("gc-empty");
        Assert.Equal(0, AsdProcess.Run(dir, "store", "stats", "--store", "store").ExitCode);
        var stray = Path.Combine(dir, "store", "objects", "sha256", "00", new string('0', 64));
        Directory.CreateDirectory(Path.GetDirectoryName(stray)!);
        File.WriteAllText(stray, "twelve bytes");

        var refused = AsdProcess.Run(dir, "gc", "--store", "store");
        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith($"asd: gc: the store {Path.Combine(dir, "store")} has no run history and no frozen manifest", refused.Err);
        Assert.True(File.Exists(stray));

        var dry = AsdProcess.Run(dir, "gc", "--store", "store", "--force", "--dry-run", "--verbose");
        Assert.Equal(3, dry.Lines.Length);
        Assert.Equal("would delete 1 of 1 object(s), 0.0 MB (12 bytes); would keep 0 reachable from 0 root(s)", dry.Lines[0]);
        Assert.Matches(@"^  per-clip results, data-set listings, other +1 object\(s\) +0\.0 MB$", dry.Lines[1]);
        Assert.Equal($"  sha256:{new string('0', 64)} 12 bytes", dry.Lines[2]);
        Assert.True(File.Exists(stray));

        Assert.Equal(0, AsdProcess.Run(dir, "gc", "--store", "store", "--force").ExitCode);
        Assert.False(File.Exists(stray));
    }
}

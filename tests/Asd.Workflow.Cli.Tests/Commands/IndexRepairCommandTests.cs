using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Commands;

/// <summary>A damaged store index is repaired (or reported in one line with exit 2), never an internal error.</summary>
public sealed class IndexRepairCommandTests(TinyDataSet data) : IClassFixture<TinyDataSet>
{
    private const string UpToDate = "nothing to do: all 20 shard(s) up to date";

    private string[] RunArgs(string store, params string[] extra) =>
        ["run", AsdProcess.Workflow("tiny.yaml"), "--data", data.Root, "--set", "bad=fail", "--store", store, .. extra];

    private static Dictionary<string, byte[]> Files(string dir) => Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllBytes);

    /// <summary>Runs into --out a, damages the index, runs again into --out b.</summary>
    private (string Store, AsdProcess.Result Rerun) RunDamageRerun(string name, Action<string> damage)
    {
        var store = RepoPaths.TempDir(name);
        Assert.Equal(0, AsdProcess.Run(store, RunArgs(store, "--out", Path.Combine(store, "a"))).ExitCode);
        damage(Path.Combine(store, "index.db"));
        return (store, AsdProcess.Run(store, RunArgs(store, "--out", Path.Combine(store, "b"))));
    }

    [Fact]
    public void Run_IndexHeaderOverwrittenWithGarbage_RepairsItselfInOneLineAndEveryShardIsCached()
    {
        var (store, rerun) = RunDamageRerun("damaged-garbage", IndexDamager.Garble);

        Assert.True(rerun.ExitCode == 0, rerun.Err);
        Assert.Single(rerun.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("was damaged", StringComparison.Ordinal));
        Assert.DoesNotContain("internal error", rerun.Err);
        Assert.Contains(UpToDate, rerun.Out);
        Assert.True(File.Exists(Path.Combine(store, "index.damaged-1.db")));
        Assert.Equal(Files(Path.Combine(store, "a")), Files(Path.Combine(store, "b")));
    }

    [Fact]
    public void Run_IndexTruncated_RepairsItselfWithTheSameOutputs_OrSaysHowInOneLine()
    {
        var (store, rerun) = RunDamageRerun("damaged-truncated", IndexDamager.Truncate);

        Assert.DoesNotContain("internal error", rerun.Err);
        if (rerun.ExitCode == 0)
            Assert.Equal(Files(Path.Combine(store, "a")), Files(Path.Combine(store, "b")));
        else
        {
            Assert.Equal(2, rerun.ExitCode);
            Assert.Contains("asd store reindex --store", Assert.Single(rerun.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        }
    }

    [Fact]
    public void StoreReindex_DamagedIndex_SucceedsAndTheNextRunIsAllCached()
    {
        var store = RepoPaths.TempDir("damaged-reindex");
        Assert.Equal(0, AsdProcess.Run(store, RunArgs(store)).ExitCode);
        IndexDamager.Garble(Path.Combine(store, "index.db"));

        var reindex = AsdProcess.Run(store, "store", "reindex", "--store", store);

        Assert.True(reindex.ExitCode == 0, reindex.Err);
        Assert.Contains("reindexed 20 execution record(s)", reindex.Out);
        Assert.Contains(UpToDate, AsdProcess.Run(store, RunArgs(store)).Out);
    }

    [Fact]
    public void StoreReindex_HealthyIndex_ReplacesTheFileKeepsRunsAndStatesAndTheNextRunIsAllCached()
    {
        var store = RepoPaths.TempDir("reindex-healthy");
        Assert.Equal(0, AsdProcess.Run(store, RunArgs(store)).ExitCode);

        var reindex = AsdProcess.Run(store, "store", "reindex", "--store", store);

        Assert.True(reindex.ExitCode == 0, reindex.Err);
        Assert.Equal("reindexed 20 execution record(s); kept 1 run(s) and 20 stage state(s)", reindex.Out.Trim());
        Assert.False(File.Exists(Path.Combine(store, "index.rebuild.db")));
        var rerun = AsdProcess.RunWith(new Dictionary<string, string> { ["ASD_FULL_CHECK"] = "1" }, store, RunArgs(store));
        Assert.Contains(UpToDate, rerun.Out);
    }
}

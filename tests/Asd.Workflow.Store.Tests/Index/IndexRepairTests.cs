using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Store.Index;
using Asd.Workflow.Store.Objects;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Store.Tests.Index;

public sealed class IndexRepairTests
{
    private static ExecutionRecord Record(FileSystemArtifactStore store, int i) => new(
        Digest.Of($"key{i}").ToString(), "{}", "transform", 1, "a", $"m/0{i}", [],
        [new RecordedOutput("value", store.Put(System.Text.Encoding.UTF8.GetBytes($"out{i}")).ToString(), "application/json", [])],
        new Dictionary<string, string>(), [], 12);

    /// <summary>A store with 3 execution records, 2 runs and 3 stage states, its index closed.</summary>
    private static (FileSystemArtifactStore Store, string IndexPath, List<ExecutionRecord> Records) Populated(string name)
    {
        var store = new FileSystemArtifactStore(RepoPaths.TempDir(name));
        var path = Path.Combine(store.Root, "index.db");
        var records = Enumerable.Range(0, 3).Select(i => Record(store, i)).ToList();
        using var index = new LiteDbRunIndex(path);
        foreach (var r in records) index.RecordExecution(r, store.Put(CanonicalJson.Serialize(r)));
        index.SaveStageStates(records.Select(r => new StageState("wf", "a", r.Shard, r.CacheKey, "{}")));
        index.RecordRun(new RunRecord("run1", "wf", records.Select(r => r.CacheKey).ToList(), 3, 0, 0));
        index.RecordRun(new RunRecord("run2", "wf", records.Select(r => r.CacheKey).ToList(), 0, 3, 0));
        index.SaveStatCache([new FileStat("/d/a.wav", new FileIdentity(1, 2, 3, 4, 5), "abc", false)]);
        return (store, path, records);
    }

    [Fact]
    public void Open_HeaderOverwrittenWithGarbage_ThrowsIndexDamagedNamingTheRepair()
    {
        var (_, path, _) = Populated("index-garbage");
        IndexDamager.Garble(path);
        var error = Assert.Throws<AsdException>(() => LiteDbRunIndex.Open(path));
        Assert.Equal(ErrorCode.IndexDamaged, error.Code);
        Assert.Equal(2, error.ExitCode);
        Assert.Contains("asd store reindex --store ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void OpenOrRebuild_HeaderOverwrittenWithGarbage_MovesItAsideAndRebuildsFromTheObjects()
    {
        var (store, path, records) = Populated("index-repair");
        IndexDamager.Garble(path);
        var notices = new List<string>();
        using var index = IndexRepair.OpenOrRebuild(store, path, notices.Add);
        var notice = Assert.Single(notices);
        Assert.Contains("index.damaged-1.db", notice);
        Assert.Contains("3 execution record(s)", notice);
        Assert.True(File.Exists(Path.Combine(store.Root, "index.damaged-1.db")));
        foreach (var r in records) Assert.NotNull(index.FindExecution(Digest.Parse(r.CacheKey)));
        Assert.Empty(index.LoadStatCache());
    }

    [Fact]
    public void OpenOrRebuild_TruncatedFile_GivesAnIndexWithEveryExecution()
    {
        var (store, path, records) = Populated("index-truncated");
        IndexDamager.Truncate(path);
        var notices = new List<string>();
        using var index = IndexRepair.OpenOrRebuild(store, path, notices.Add);
        foreach (var r in records) Assert.NotNull(index.FindExecution(Digest.Parse(r.CacheKey)));
        Assert.True(notices.Count <= 1);
    }

    [Fact]
    public void OpenOrRebuild_LogDeletedWhileTransactionsWereInIt_GivesAnIndexThatOpens()
    {
        var (store, path, records) = Populated("index-log");
        var copy = new FileSystemArtifactStore(RepoPaths.TempDir("index-log-copy"));
        foreach (var d in store.List()) copy.Put(store.ReadAll(d));
        using (var open = new LiteDbRunIndex(path))
        {
            var extra = Record(store, 7);
            open.RecordExecution(extra, store.Put(CanonicalJson.Serialize(extra))); // committed to index-log.db only
            File.Copy(path, Path.Combine(copy.Root, "index.db")); // the data file without its log
        }
        var notices = new List<string>();
        using var index = IndexRepair.OpenOrRebuild(copy, Path.Combine(copy.Root, "index.db"), notices.Add);
        foreach (var r in records) Assert.NotNull(index.FindExecution(Digest.Parse(r.CacheKey)));
        Assert.True(notices.Count <= 1);
    }

    [Fact]
    public void RebuildFile_HealthyIndex_KeepsRunsAndStageStatesAndDropsTheStatCache()
    {
        var (store, path, records) = Populated("index-keep");
        var outcome = IndexRebuilder.RebuildFile(store, path, keepFrom: path);
        Assert.Equal(new IndexRebuilder.Outcome(3, 2, 3), outcome);
        Assert.False(File.Exists(Path.Combine(store.Root, "index.rebuild.db")));
        using var index = LiteDbRunIndex.Open(path);
        Assert.Equal(["run1", "run2"], index.Runs().Select(r => r.RunId));
        Assert.Equal(records[1].CacheKey, index.FindStageState("wf", "a", "m/01")!.CacheKey);
        Assert.Equal(3, index.Executions().Count);
        Assert.Empty(index.LoadStatCache());
    }

    [Fact]
    public void RebuildFile_DamagedIndex_StillRebuildsFromTheObjects()
    {
        var (store, path, _) = Populated("index-keep-damaged");
        IndexDamager.Garble(path);
        var outcome = IndexRebuilder.RebuildFile(store, path, keepFrom: path);
        Assert.Equal(new IndexRebuilder.Outcome(3, 0, 0), outcome);
        using var index = LiteDbRunIndex.Open(path);
        Assert.Equal(3, index.Executions().Count);
    }
}

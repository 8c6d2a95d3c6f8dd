using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Store.Index;
using Asd.Workflow.Store.Objects;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Store.Tests.Objects;

public sealed class StoreVerifierTests
{
    private static ExecutionRecord Record(string key, Digest output) => new(
        key, "{}", "transform", 1, "a", "m/00", [], [new RecordedOutput("value", output.ToString(), "application/json", [])],
        new Dictionary<string, string>(), [], 12);

    private static void Flip(FileSystemArtifactStore store, Digest digest)
    {
        var bytes = File.ReadAllBytes(store.PathOf(digest));
        bytes[^1] ^= 0x20;
        File.WriteAllBytes(store.PathOf(digest), bytes);
    }

    [Fact]
    public void Verify_OneFlippedObjectAmongFive_ListsItWithWhatItHashesTo()
    {
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("store"));
        var digests = Enumerable.Range(0, 5).Select(i => store.Put(System.Text.Encoding.UTF8.GetBytes($"object {i}"))).ToList();
        Flip(store, digests[2]);
        var report = StoreVerifier.Verify(store, jobs: 3);
        Assert.Equal(5, report.Objects);
        Assert.Equal(5 * 8, report.Bytes);
        var bad = Assert.Single(report.Bad);
        Assert.Equal(digests[2], bad.Digest);
        Assert.Equal(Digest.Of(File.ReadAllBytes(store.PathOf(digests[2]))), bad.Actual);
        Assert.True(store.Exists(digests[2])); // verify alone changes nothing
    }

    [Fact]
    public void Repair_BadOutputAndBadNamedObject_QuarantinesAndDropsTheirExecutionsAndMemo()
    {
        var root = RepoPaths.TempDir("store");
        var store = new FileSystemArtifactStore(root);
        using var index = new LiteDbRunIndex(Path.Combine(root, "index.db"));
        var pcm = store.Put("pcm bytes"u8);
        var set = store.Put(System.Text.Encoding.UTF8.GetBytes($"{{\"clips\":[\"{pcm}\"]}}")); // names the PCM object
        var plain = store.Put("scores"u8);
        var healthy = store.Put("healthy"u8);
        foreach (var (key, output) in new[] { ("k-set", set), ("k-plain", plain), ("k-healthy", healthy) })
        {
            var record = Record(Digest.Of(key).ToString(), output);
            index.RecordExecution(record, store.Put(CanonicalJson.Serialize(record)));
        }
        index.Put(Digest.Of("memo-pcm"), pcm);
        index.Put(Digest.Of("memo-ok"), healthy);
        index.CommitMemo();
        Flip(store, pcm);
        Flip(store, plain);

        var report = StoreVerifier.Verify(store, jobs: 2);
        var dropped = StoreVerifier.Repair(store, index, report.Bad);

        Assert.Equal(3, dropped); // the decoded-set and plain executions, the memo entry of the PCM
        Assert.Null(index.FindExecution(Digest.Of("k-set")));
        Assert.Null(index.FindExecution(Digest.Of("k-plain")));
        Assert.NotNull(index.FindExecution(Digest.Of("k-healthy")));
        Assert.False(index.TryGet(Digest.Of("memo-pcm"), out _));
        Assert.True(index.TryGet(Digest.Of("memo-ok"), out _));
        Assert.Equal(new[] { pcm.Hex, plain.Hex }.Order(), Directory.GetFiles(store.QuarantineFolder).Select(Path.GetFileName).Order());
        Assert.Empty(StoreVerifier.Verify(store, jobs: 2).Bad);
    }
}

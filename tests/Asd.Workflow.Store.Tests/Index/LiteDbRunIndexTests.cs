using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Core.Provenance;
using Asd.Workflow.Store.Index;
using Asd.Workflow.Store.Objects;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Store.Tests.Index;

public sealed class LiteDbRunIndexTests
{
    private static ExecutionRecord Record(FileSystemArtifactStore store, string key, string output) => new(
        key, "{}", "transform", 1, "a", "m/00", [new RecordedInput("dataset/m/00:train", Digest.Of("x"u8).ToString(), "application/json")],
        [new RecordedOutput("value", store.Put(System.Text.Encoding.UTF8.GetBytes(output)).ToString(), "application/json", ["dataset/m/00:train"])],
        new Dictionary<string, string>(), [], 12);

    [Fact]
    public void Rebuild_FromObjectsAlone_GivesAnEquivalentIndex()
    {
        var root = RepoPaths.TempDir("index");
        var store = new FileSystemArtifactStore(root);
        using var index = new LiteDbRunIndex(Path.Combine(root, "index.db"));
        var records = Enumerable.Range(0, 5).Select(i => Record(store, Digest.Of($"key{i}").ToString(), $"out{i}")).ToList();
        foreach (var r in records) index.RecordExecution(r, store.Put(CanonicalJson.Serialize(r)));
        var before = index.Executions().Select(e => CanonicalJson.ToText(System.Text.Json.JsonSerializer.SerializeToNode(e, JsonDefaults.Options))).Order().ToList();
        var artifactsBefore = index.ArtifactCount;

        var rebuilt = IndexRebuilder.Rebuild(store, index);

        Assert.Equal(5, rebuilt);
        var after = index.Executions().Select(e => CanonicalJson.ToText(System.Text.Json.JsonSerializer.SerializeToNode(e, JsonDefaults.Options))).Order().ToList();
        Assert.Equal(before, after);
        Assert.Equal(artifactsBefore, index.ArtifactCount);
        Assert.NotNull(index.FindExecution(Digest.Parse(records[3].CacheKey)));
    }

    [Fact]
    public void Rebuild_RecordWhoseOutputWasDeleted_IsNotReindexed()
    {
        var root = RepoPaths.TempDir("index");
        var store = new FileSystemArtifactStore(root);
        using var index = new LiteDbRunIndex(Path.Combine(root, "index.db"));
        var record = Record(store, Digest.Of("k"u8).ToString(), "gone");
        index.RecordExecution(record, store.Put(CanonicalJson.Serialize(record)));
        store.Delete(Digest.Parse(record.Outputs[0].Digest));
        Assert.Equal(0, IndexRebuilder.Rebuild(store, index));
        Assert.Null(index.FindExecution(Digest.Parse(record.CacheKey)));
    }

    [Fact]
    public void Verify_FlippedByteAndDeletedObject_AreBothNamed()
    {
        var root = RepoPaths.TempDir("verify");
        var store = new FileSystemArtifactStore(root);
        var a = store.Put("first artifact"u8);
        var b = store.Put("second artifact"u8);
        var manifest = new Manifest(1, "t", new ManifestWorkflow("wf.yaml", "", "wf", "fail", []),
            new ManifestDataset("/d", "", [new ManifestSourceShard("m/00", [new ManifestArtifact("train", a.ToString(), "application/json")])]),
            [new ManifestShard("s", "m/00", "k", 1, "key", b.ToString(), "exact", [], [new ManifestArtifact("value", b.ToString(), "text/csv")])],
            new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>());
        Assert.Empty(Verifier.Verify(manifest, store, 2).Problems);

        var path = store.PathOf(a);
        var bytes = File.ReadAllBytes(path);
        bytes[3] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        File.Delete(store.PathOf(b));

        var problems = Verifier.Verify(manifest, store, 2).Problems;
        Assert.Equal(2, problems.Count);
        var corrupt = problems.Single(p => p.What == "dataset/m/00:train");
        Assert.Equal(a.ToString(), corrupt.Expected);
        Assert.Equal($"corrupt: content hashes to {Digest.Of(bytes)} ({bytes.Length} bytes)", corrupt.Problem);
        Assert.Equal("missing", problems.Single(p => p.Expected == b.ToString()).Problem);
    }
}

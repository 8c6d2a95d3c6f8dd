using System.Text;
using System.Text.Json.Nodes;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Slurm.Worker;

namespace Asd.Workflow.Slurm.Tests.Worker;

public sealed class ShardWorkerTests
{
    private static (ShardRequest Request, ShardWorker Worker, InMemoryArtifactStore Store, AddActivity Activity) Arrange(int add)
    {
        var store = new InMemoryArtifactStore();
        var activity = new AddActivity();
        var options = new AddOptions { Add = add };
        var input = new InputArtifact("dataset", "m0/00", "train", store.Put(Encoding.UTF8.GetBytes("40")), MediaTypes.Json);
        var (key, document) = StageIdentity.Of(activity, options, []).ForShard(new Shard("m0", "00"), [input]);
        var request = new ShardRequest("a", "add", OptionValues.Resolve(options), [], "m0/00",
            [new RequestInput(input.Stage, input.Shard, input.Port, input.Digest.ToString(), input.MediaType)], null, BadClipPolicy.Fail, key.ToString(), document, "unused");
        return (request, new ShardWorker(new ActivityRegistry([activity]), store), store, activity);
    }

    [Fact]
    public async Task Execute_SameIdentity_OutputsVerifiedAndMemoReturned()
    {
        var (request, worker, _, _) = Arrange(2);
        var result = await worker.ExecuteAsync(request, CancellationToken.None);
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("value", Assert.Single(result.Outputs).Port);
        Assert.Single(result.Memo);
    }

    [Fact]
    public async Task Execute_MemoSnapshotWithTheHit_ComputesNothingAndReturnsNoEntry()
    {
        var (request, worker, store, activity) = Arrange(2);
        var first = await worker.ExecuteAsync(request, CancellationToken.None);
        var entry = Assert.Single(first.Memo);
        var withHit = request with { Memo = Snapshot([entry]) };
        var again = await worker.ExecuteAsync(withHit, CancellationToken.None);
        Assert.True(again.Succeeded, again.Error);
        Assert.Empty(again.Memo); // nothing new for the coordinator to record
        Assert.Equal(1, activity.Computed);
        Assert.Equal(first.Outputs, again.Outputs);
        Assert.True(store.Exists(Digest.Parse(entry.Value)));
    }

    [Fact]
    public async Task Execute_MemoSnapshotChangedAfterTheCoordinatorWroteIt_FailsNamingBothDigests()
    {
        var (request, worker, _, activity) = Arrange(2);
        var snapshot = Snapshot([new MemoEntry(Digest.Of("k").ToString(), Digest.Of("v").ToString())]);
        File.AppendAllText(snapshot.Path, " ");
        var result = await worker.ExecuteAsync(request with { Memo = snapshot }, CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Equal("CheckFailed", result.ErrorCode);
        Assert.Equal($"memo snapshot {snapshot.Path} reads as {Digest.Of(File.ReadAllBytes(snapshot.Path))}, not {snapshot.Digest}", result.Error);
        Assert.Equal(0, activity.Computed);
    }

    /// <summary>A snapshot file as the coordinator writes it: canonical JSON, named with its digest.</summary>
    private static MemoFile Snapshot(IReadOnlyList<MemoEntry> entries)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("asd-memo-snapshot").FullName, "1.memo.json");
        var bytes = CanonicalJson.Serialize(entries);
        File.WriteAllBytes(path, bytes);
        return new MemoFile(path, Digest.Of(bytes).ToString());
    }

    [Fact]
    public async Task Execute_NodeComputesAnotherKey_FailsNamingTheDifferenceAndRunsNothing()
    {
        var (request, worker, _, _) = Arrange(2);
        var changed = request with { Options = new JsonObject { ["add"] = 3, ["device"] = "cpu", ["fail"] = false } }; // as if the node resolved another option
        var result = await worker.ExecuteAsync(changed, CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Equal("CheckFailed", result.ErrorCode);
        Assert.Contains("computes another cache key than the coordinator", result.Error);
        Assert.Contains("'add' changed from 2 to 3", result.Error);
        Assert.Empty(result.Outputs);
    }
}

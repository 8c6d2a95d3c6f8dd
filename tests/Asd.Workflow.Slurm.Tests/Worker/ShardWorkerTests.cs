using System.Text;
using System.Text.Json.Nodes;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Slurm.Worker;

namespace Asd.Workflow.Slurm.Tests.Worker;

public sealed class ShardWorkerTests
{
    private static (ShardRequest Request, ShardWorker Worker) Arrange(int add)
    {
        var store = new InMemoryArtifactStore();
        var activity = new AddActivity();
        var options = new AddOptions { Add = add };
        var input = new InputArtifact("dataset", "m0/00", "train", store.Put(Encoding.UTF8.GetBytes("40")), MediaTypes.Json);
        var (key, document) = StageIdentity.Of(activity, options, []).ForShard(new Shard("m0", "00"), [input]);
        var request = new ShardRequest("a", "add", OptionValues.Resolve(options), [], "m0/00",
            [new RequestInput(input.Stage, input.Shard, input.Port, input.Digest.ToString(), input.MediaType)], null, BadClipPolicy.Fail, key.ToString(), document, "unused");
        return (request, new ShardWorker(new ActivityRegistry([activity]), store));
    }

    [Fact]
    public async Task Execute_SameIdentity_OutputsVerifiedAndMemoReturned()
    {
        var (request, worker) = Arrange(2);
        var result = await worker.ExecuteAsync(request, CancellationToken.None);
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("value", Assert.Single(result.Outputs).Port);
        Assert.Single(result.Memo);
    }

    [Fact]
    public async Task Execute_NodeComputesAnotherKey_FailsNamingTheDifferenceAndRunsNothing()
    {
        var (request, worker) = Arrange(2);
        var changed = request with { Options = new JsonObject { ["add"] = 3, ["device"] = "cpu", ["fail"] = false } }; // as if the node resolved another option
        var result = await worker.ExecuteAsync(changed, CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Equal("CheckFailed", result.ErrorCode);
        Assert.Contains("computes another cache key than the coordinator", result.Error);
        Assert.Contains("'add' changed from 2 to 3", result.Error);
        Assert.Empty(result.Outputs);
    }
}

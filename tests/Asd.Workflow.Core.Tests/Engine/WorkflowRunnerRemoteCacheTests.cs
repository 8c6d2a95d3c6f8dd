using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Tests.Fakes;

namespace Asd.Workflow.Core.Tests.Engine;

/// <summary>The runner's use of a team cache: asked after a local miss, uploads after recording, read-only members.</summary>
public sealed class WorkflowRunnerRemoteCacheTests
{
    [Fact]
    public async Task Run_SecondMemberWithWarmRemote_ExecutesNothingAndGetsTheSameOutputs()
    {
        var remote = new RemoteState();
        var (first, second) = (new EngineFixture(), new EngineFixture());
        var ran = await first.RunAsync(EngineFixture.Chain(), remote: new SharedRemoteCache(remote, first.Store));

        var fetched = await second.RunAsync(EngineFixture.Chain(), remote: new SharedRemoteCache(remote, second.Store));

        Assert.Equal((10, 0), (ran.Ran, fetched.Ran));
        Assert.Equal(10, fetched.Cached);
        Assert.Equal(0, second.Transform.Executions);
        Assert.Equal(ran.Events.Select(e => e.Key), fetched.Events.Select(e => e.Key));
        var total = fetched.Events.Single(e => e.Stage == "total");
        var output = second.Index.FindExecution(Digest.Parse(total.Key!))!.Outputs.Single();
        Assert.Equal(first.Store.ReadAll(Digest.Parse(output.Digest)), second.Store.ReadAll(Digest.Parse(output.Digest)));
        Assert.Equal(10, second.Index.Executions().Count); // recorded locally: the next run needs no remote
    }

    [Fact]
    public async Task Run_LocalHit_NeverAsksTheRemote()
    {
        var engine = new EngineFixture();
        await engine.RunAsync(EngineFixture.Chain());
        var remote = new SharedRemoteCache(new RemoteState(), engine.Store);

        var summary = await engine.RunAsync(EngineFixture.Chain(), remote: remote);

        Assert.Equal(10, summary.Cached);
        Assert.Equal(0, remote.Fetches);
    }

    [Fact]
    public async Task Run_WarmLocalStoreEmptyRemote_SeedsTheRemoteOutputsBeforeEachRecord()
    {
        var engine = new EngineFixture();
        await engine.RunAsync(EngineFixture.Chain());
        var remote = new RemoteState();

        var summary = await engine.RunAsync(EngineFixture.Chain(), remote: new SharedRemoteCache(remote, engine.Store));

        Assert.Equal((0, 10), (summary.Ran, summary.Cached));
        Assert.Equal(10, remote.Records.Count);
        var log = remote.Log.ToList();
        foreach (var (line, at) in log.Select((l, i) => (l, i)).Where(p => p.l.StartsWith("ac ", StringComparison.Ordinal)))
            Assert.Equal("cas " + line[3..], log[at - 1]);
        var second = new EngineFixture(); // and a second member now gets all of it
        var fetched = await second.RunAsync(EngineFixture.Chain(), remote: new SharedRemoteCache(remote, second.Store));
        Assert.Equal((0, 10), (fetched.Ran, fetched.Cached));
    }

    [Fact]
    public async Task Run_LocalHitsTheRemoteHas_AsksOnceEachAndUploadsNothing()
    {
        var remote = new RemoteState();
        var engine = new EngineFixture();
        await engine.RunAsync(EngineFixture.Chain(), remote: new SharedRemoteCache(remote, engine.Store));
        remote.Log.Clear();

        await engine.RunAsync(EngineFixture.Chain(), remote: new SharedRemoteCache(remote, engine.Store));

        Assert.Equal(10, remote.Log.Count(l => l.StartsWith("ac? ", StringComparison.Ordinal)));
        Assert.Equal(10, remote.Log.Count);
    }

    [Fact]
    public async Task Run_LocalHitsReadOnlyMember_SharesNothing()
    {
        var engine = new EngineFixture();
        await engine.RunAsync(EngineFixture.Chain());
        var remote = new RemoteState();

        await engine.RunAsync(EngineFixture.Chain(), remote: new SharedRemoteCache(remote, engine.Store, uploads: false));

        Assert.Empty(remote.Log);
    }

    [Fact]
    public async Task Run_Executed_UploadsEachRecordAfterItsOutputs()
    {
        var remote = new RemoteState();
        var engine = new EngineFixture();

        await engine.RunAsync(EngineFixture.Chain(), remote: new SharedRemoteCache(remote, engine.Store));

        var log = remote.Log.ToList();
        Assert.Equal(10, log.Count(l => l.StartsWith("ac ", StringComparison.Ordinal)));
        foreach (var (line, at) in log.Select((l, i) => (l, i)).Where(p => p.l.StartsWith("ac ", StringComparison.Ordinal)))
            Assert.Equal("cas " + line[3..], log[at - 1]);
    }

    [Fact]
    public async Task Run_ReadOnlyMember_FetchesButUploadsNothing()
    {
        var remote = new RemoteState();
        var engine = new EngineFixture();

        var summary = await engine.RunAsync(EngineFixture.Chain(), remote: new SharedRemoteCache(remote, engine.Store, uploads: false));

        Assert.Equal(10, summary.Ran);
        Assert.Empty(remote.Records);
    }

    [Fact]
    public async Task Run_DryRun_DoesNotFetch()
    {
        var remote = new RemoteState();
        var first = new EngineFixture();
        await first.RunAsync(EngineFixture.Chain(), remote: new SharedRemoteCache(remote, first.Store));
        var second = new EngineFixture();
        var member = new SharedRemoteCache(remote, second.Store);

        var plan = await second.RunAsync(EngineFixture.Chain(), new RunSettings(2, DryRun: true), member);

        Assert.Equal(0, member.Fetches);
        Assert.Equal(0, plan.Cached);
    }
}

using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Tests.Fakes;

namespace Asd.Workflow.Core.Tests.Engine;

/// <summary>A full disk is the store's condition, not a shard's: the run stops with the one NoSpace error.</summary>
public sealed class WorkflowRunnerDiskFullTests
{
    public static TheoryData<string> Errors => ["store", "raw"];

    private static Exception ErrorOf(string kind) => kind == "store"
        ? DiskFull.Error("store /s", "object sha256:ab", new IOException("No space left on device", 28))
        : new IOException("No space left on device : '/s/index-log.db'", 28); // as LiteDB or a stamp would throw it

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Run_StoreFull_StopsWithTheDiskFullErrorNotShardFailures(string kind)
    {
        var engine = new EngineFixture();
        var disk = new FullDiskStore(engine.Store, () => ErrorOf(kind));
        var observer = new RecordingObserver();
        var runner = new WorkflowRunner(engine.Registry, disk, engine.Index, new InProcessExecutor());

        var error = await Assert.ThrowsAnyAsync<Exception>(() => runner.RunAsync(engine.Load(EngineFixture.Chain()), engine.Dataset, new RunSettings(2), observer));

        Assert.True(DiskFull.Is(error));
        Assert.Equal(ErrorCode.NoSpace, DiskFull.Describe(error).Code);
        Assert.Equal(1, DiskFull.Describe(error).ExitCode);
        Assert.DoesNotContain(observer.Events, e => e.Status == ShardStatus.Failed); // no "FAILED" line per shard
        Assert.Empty(engine.Index.Runs());
        Assert.Empty(engine.Index.Executions());
    }

    [Fact]
    public async Task Run_AfterSpaceIsFreed_CompletesLikeACleanRun()
    {
        var engine = new EngineFixture();
        var disk = new FullDiskStore(engine.Store, () => ErrorOf("store"));
        var runner = new WorkflowRunner(engine.Registry, disk, engine.Index, new InProcessExecutor());
        var workflow = engine.Load(EngineFixture.Chain());
        await Assert.ThrowsAsync<AsdException>(() => runner.RunAsync(workflow, engine.Dataset, new RunSettings(2), new RecordingObserver()));
        Assert.True(disk.FailedPuts > 0);

        disk.Free();
        var rerun = new RecordingObserver();
        var summary = await runner.RunAsync(workflow, engine.Dataset, new RunSettings(2), rerun);
        var clean = new RecordingObserver();
        var reference = new EngineFixture();
        await new WorkflowRunner(reference.Registry, reference.Store, reference.Index, new InProcessExecutor())
            .RunAsync(reference.Load(EngineFixture.Chain()), reference.Dataset, new RunSettings(2), clean);

        Assert.Equal(10, summary.Ran);
        Assert.Equal(0, summary.Failed);
        static List<string> Keys(RecordingObserver o) => o.Events.Select(e => $"{e.Stage}/{e.Shard}={e.Key}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Keys(clean), Keys(rerun));
        static List<string> Outputs(EngineFixture e) => e.Index.Executions()
            .SelectMany(x => x.Outputs.Select(o => $"{x.Stage}/{x.Shard}/{o.Port}={o.Digest}")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Outputs(reference), Outputs(engine));
    }
}

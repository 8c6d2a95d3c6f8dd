using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Tests.Fakes;

namespace Asd.Workflow.Core.Tests.Engine;

public sealed class WorkflowRunnerTests
{
    [Fact]
    public async Task Run_IdenticalSecondRun_IsFullyCached()
    {
        var engine = new EngineFixture();
        var first = await engine.RunAsync(EngineFixture.Chain());
        var executed = engine.Transform.Executions;
        var second = await engine.RunAsync(EngineFixture.Chain());
        Assert.Equal(10, first.Ran);
        Assert.Equal(0, second.Ran);
        Assert.Equal(10, second.Cached);
        Assert.Equal(executed, engine.Transform.Executions);
    }

    [Fact]
    public async Task Run_OneOptionChanged_RerunsExactlyThatStageAndItsDownstream()
    {
        var engine = new EngineFixture();
        await engine.RunAsync(EngineFixture.Chain(addB: 10));
        engine.Transform.Ran.Clear();
        var summary = await engine.RunAsync(EngineFixture.Chain(addB: 11));
        Assert.Equal(["b/m0/00", "b/m1/00", "b/m2/00", "c/m0/00", "c/m1/00", "c/m2/00"], engine.Transform.Ran.Order(StringComparer.Ordinal));
        Assert.Equal(7, summary.Ran);   // b ×3, c ×3, total
        Assert.Equal(3, summary.Cached); // a ×3
    }

    [Fact]
    public async Task Run_ReexecutedStageWithSameOutput_KeepsDownstreamCached()
    {
        var engine = new EngineFixture(1, 2, 3);
        await engine.RunAsync(EngineFixture.Chain(addA: 1, moduloB: 5));
        engine.Transform.Ran.Clear();
        // a changes (+1 → +6), but b takes the value modulo 5: (v+6+10)%5 == (v+1+10)%5, so b's outputs are unchanged.
        var summary = await engine.RunAsync(EngineFixture.Chain(addA: 6, moduloB: 5));
        Assert.Equal(["a/m0/00", "a/m1/00", "a/m2/00", "b/m0/00", "b/m1/00", "b/m2/00"], engine.Transform.Ran.Order(StringComparer.Ordinal));
        Assert.Equal(6, summary.Ran);
        Assert.Equal(4, summary.Cached); // c ×3 and total stay cached: early cutoff
    }

    [Fact]
    public async Task Run_ForceOneStage_ReexecutesOnlyThatStage()
    {
        var engine = new EngineFixture();
        await engine.RunAsync(EngineFixture.Chain());
        engine.Transform.Ran.Clear();
        var summary = await engine.RunAsync(EngineFixture.Chain(), new RunSettings(2, Force: ["b"]));
        Assert.Equal(["b/m0/00", "b/m1/00", "b/m2/00"], engine.Transform.Ran.Order(StringComparer.Ordinal));
        Assert.Equal(3, summary.Ran);
        engine.Transform.Ran.Clear();
        var downstream = await engine.RunAsync(EngineFixture.Chain(), new RunSettings(2, Force: ["b"], Downstream: true));
        Assert.Equal(7, downstream.Ran);
    }

    [Fact]
    public async Task Run_ImplementationVersionChanged_RerunsAndStatusSaysWhy()
    {
        var engine = new EngineFixture();
        await engine.RunAsync(EngineFixture.Chain());
        engine.Transform.VersionNumber = 2;
        var plan = await engine.RunAsync(EngineFixture.Chain(), new RunSettings(DryRun: true));
        var a = plan.Events.First(e => e.Stage == "a");
        Assert.Equal(ShardStatus.WouldRun, a.Status);
        Assert.Equal(["implementation version changed from 1 to 2"], a.Reasons);
        Assert.Equal(["upstream stage 'a' would run"], plan.Events.First(e => e.Stage == "b").Reasons);
    }

    [Fact]
    public async Task Status_OptionChanged_NamesOptionWithOldAndNewValue()
    {
        var engine = new EngineFixture();
        await engine.RunAsync(EngineFixture.Chain(addB: 10));
        var plan = await engine.RunAsync(EngineFixture.Chain(addB: 12), new RunSettings(DryRun: true));
        var b = plan.Events.First(e => e.Stage == "b");
        Assert.Equal(["option 'add' changed from 10 to 12"], b.Reasons);
        Assert.Equal(ShardStatus.Cached, plan.Events.First(e => e.Stage == "a").Status);
    }

    [Fact]
    public async Task Run_FailingStage_IsNotRecordedAndDownstreamIsSkipped()
    {
        var engine = new EngineFixture();
        var summary = await engine.RunAsync("""
            name: f
            stages:
              a: { uses: fail }
              b: { uses: transform, needs: [a] }
            """);
        Assert.Equal(3, summary.Failed);
        Assert.Equal(3, summary.Skipped);
        Assert.Empty(engine.Index.Executions());
        Assert.All(summary.Events.Where(e => e.Stage == "a"), e => Assert.Equal("InvalidOperationException: boom", e.Error));
    }

    [Fact]
    public async Task Run_SameWorkInAnotherWorkflowWithOtherStageNames_IsShared()
    {
        var engine = new EngineFixture();
        await engine.RunAsync(EngineFixture.Chain());
        var other = await engine.RunAsync("""
            name: renamed
            stages:
              first: { uses: transform, with: { add: 1 } }
              second: { uses: transform, needs: [first], with: { add: 10 } }
            """);
        Assert.Equal(0, other.Ran);
        Assert.Equal(6, other.Cached);
    }

    [Fact]
    public async Task Run_BadInputRaisedInsideAnActivity_KeepsItsCodeAndExitsWith2()
    {
        var engine = new EngineFixture();
        var summary = await engine.RunAsync("""
            name: r
            stages:
              a: { uses: transform }
              b: { uses: reject, needs: [a] }
              c: { uses: fail, needs: [a] }
            """);
        Assert.All(summary.Events.Where(e => e.Stage == "b"), e => Assert.Equal(Errors.ErrorCode.BadInput, e.Code));
        Assert.All(summary.Events.Where(e => e.Stage == "c"), e => Assert.Equal(Errors.ErrorCode.Internal, e.Code));
        Assert.All(summary.Events.Where(e => e.Stage == "a"), e => Assert.Null(e.Code));
        Assert.Equal(2, summary.ExitCode);
    }

    [Fact]
    public async Task Run_OnlyAFaultInAsdItself_ExitsWith1()
    {
        var summary = await new EngineFixture().RunAsync("""
            name: f
            stages:
              a: { uses: fail }
            """);
        Assert.Equal(3, summary.Failed);
        Assert.Equal(1, summary.ExitCode);
    }

    [Fact]
    public async Task Run_AllGood_ExitsWith0()
    {
        Assert.Equal(0, (await new EngineFixture().RunAsync(EngineFixture.Chain())).ExitCode);
    }
}

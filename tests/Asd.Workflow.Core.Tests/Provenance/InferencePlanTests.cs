using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Provenance;
using Asd.Workflow.Core.Tests.Fakes;

namespace Asd.Workflow.Core.Tests.Provenance;

public sealed class InferencePlanTests
{
    private sealed class TruthReader : Activity<TransformOptions>
    {
        public override string Kind => "evaluate";
        public override int Version => 1;
        public override bool ReadsGroundTruth => true;
        protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, TransformOptions options, CancellationToken ct) => throw new NotSupportedException();
    }

    [Fact]
    public void Of_GroundTruthStageAndItsDownstream_AreNotRunTheRestUnchanged()
    {
        var engine = new EngineFixture();
        var registry = engine.Registry.With(new TruthReader());
        var wf = new Core.Definitions.WorkflowLoader(registry).Load("""
            name: w
            stages:
              a: { uses: transform, with: { add: 1 } }
              report: { uses: evaluate, needs: [a] }
              after: { uses: transform, needs: [report] }
              b: { uses: transform, needs: [a], with: { add: 2 } }
            """, "wf.yaml", new Dictionary<string, string>());
        var plan = InferencePlan.Of(wf, registry);
        Assert.Equal(["report", "after"], plan.NotRun);
        Assert.Equal(["a", "b"], plan.Runnable.Stages.Select(s => s.Name));
        Assert.Same(wf.Stage("b"), plan.Runnable.Stage("b"));
        Assert.Equal(wf.SourceFile, plan.Runnable.SourceFile);
    }
}

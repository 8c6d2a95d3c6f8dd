using System.Reflection;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Provenance;
using Asd.Workflow.Core.Tests.Fakes;

namespace Asd.Workflow.Core.Tests.Provenance;

public sealed class ManifestProvenanceTests
{
    private static string FakeDigest(Assembly a) => "sha256:" + a.GetName().Name!.Length.ToString("x64");

    [Fact]
    public void Of_Registry_RecordsEveryKindsAssemblyAndItsDigest()
    {
        var registry = new ActivityRegistry([new TransformActivity(), new ThresholdActivity()]);
        var p = ManifestProvenance.Of(registry, FakeDigest, "0123abcd", typeof(Xunit.Assert).Assembly);
        Assert.Equal("0123abcd", p.SourceCommit);
        Assert.Equal(["threshold", "transform"], p.Activities.Keys);
        Assert.Equal("Asd.Workflow.Core.Tests.dll", p.Activities["transform"]);
        Assert.Equal(FakeDigest(typeof(TransformActivity).Assembly), p.Assemblies["Asd.Workflow.Core.Tests.dll"]);
        Assert.Equal(FakeDigest(typeof(Manifest).Assembly), p.Assemblies["Asd.Workflow.Core.dll"]); // the engine, always
        Assert.True(p.Assemblies.ContainsKey("xunit.assert.dll"));
        Assert.Equal(ManifestProvenance.Unknown, p.Evaluator); // no evaluate activity registered
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Of_NoSourceCommit_SaysUnknownInsteadOfFailing(string? commit) =>
        Assert.Equal("unknown", ManifestProvenance.Of(new ActivityRegistry([]), FakeDigest, commit).SourceCommit);

    [Fact]
    public void Of_EvaluateActivity_IsTheEvaluatorWithItsAssemblyDigest()
    {
        var p = ManifestProvenance.Of(new ActivityRegistry([new EvaluateStandIn()]), FakeDigest, null);
        Assert.Equal($"Asd.Workflow.Core.Tests.dll {FakeDigest(typeof(EvaluateStandIn).Assembly)}", p.Evaluator);
    }

    private sealed class EvaluateStandIn : Activity<TransformOptions>
    {
        public override string Kind => "evaluate";
        public override int Version => 1;
        protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, TransformOptions options, CancellationToken ct) => throw new NotSupportedException();
    }
}

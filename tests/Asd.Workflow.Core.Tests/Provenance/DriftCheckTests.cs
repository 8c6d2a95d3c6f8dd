using System.Text;
using System.Text.Json.Nodes;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Provenance;
using Asd.Workflow.Core.Tests.Fakes;

namespace Asd.Workflow.Core.Tests.Provenance;

public sealed class DriftCheckTests
{
    /// <summary>An activity whose resolved configuration (a model digest) and environment fact (a CPU class) a test can change.</summary>
    private sealed class ConfiguredActivity : Activity<TransformOptions>
    {
        public string Model { get; set; } = "sha256:aa";
        public string Cpu { get; set; } = "x86-64-v3";
        public override string Kind => "configured";
        public override int Version => 1;
        public override JsonObject Describe(object options) => new() { ["model"] = Model };
        public override IReadOnlyDictionary<string, string> EnvironmentFacts(object options) => new Dictionary<string, string> { ["cpu"] = Cpu };

        protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, TransformOptions options, CancellationToken ct) =>
            Task.FromResult(ActivityResult.Of(new OutputArtifact("value", context.Store.Put(Encoding.UTF8.GetBytes(Model)), MediaTypes.Json, [context.Inputs[0].Ref])));
    }

    private const string Yaml = """
        name: chain
        on_bad_clip: fail
        stages:
          a: { uses: transform, with: { add: 1 } }
          b: { uses: transform, needs: [a], with: { add: 10 } }
          embed: { uses: configured, needs: [a] }
          total: { uses: sum, needs: [b] }
        """;

    private static readonly Dictionary<string, string> Models = new() { ["eat"] = "sha256:11", ["beats"] = "sha256:22" };

    private sealed record Frozen(EngineFixture Engine, ConfiguredActivity Configured, ActivityRegistry Registry, Manifest Manifest);

    private static async Task<Frozen> Freeze()
    {
        var engine = new EngineFixture();
        var configured = new ConfiguredActivity();
        var registry = engine.Registry.With(configured);
        var wf = new WorkflowLoader(registry).Load(Yaml, "wf.yaml", new Dictionary<string, string>());
        var runner = new WorkflowRunner(registry, engine.Store, engine.Index, new InProcessExecutor());
        await runner.RunAsync(wf, engine.Dataset, new RunSettings(2), new RecordingObserver());
        var plan = await runner.RunAsync(wf, engine.Dataset, new RunSettings(DryRun: true), new RecordingObserver());
        var manifest = ManifestBuilder.Build("t", wf, Yaml, engine.Dataset, plan, registry, engine.Index, Models,
            new Dictionary<string, string> { ["asd"] = "1.2.0" }, new Dictionary<string, string>());
        return new Frozen(engine, configured, registry, manifest);
    }

    private static CurrentSetup Now(Frozen f, string yaml, IReadOnlyDictionary<string, string>? models = null, string asd = "1.2.0") =>
        new(ManifestBuilder.WorkflowDigest(yaml), new WorkflowLoader(f.Registry).Load(yaml, "wf.yaml", new Dictionary<string, string>()), models ?? Models, asd);

    [Fact]
    public async Task Compare_UnchangedSetup_NoDrift()
    {
        var f = await Freeze();
        Assert.Empty(DriftCheck.Compare(f.Manifest, Now(f, Yaml, new Dictionary<string, string>(Models) { ["clap"] = "sha256:33" }), f.Registry, f.Engine.Store));
    }

    [Fact]
    public async Task Compare_OptionNeedsStagesBadClipModelAndVersion_ListsEveryDifference()
    {
        var f = await Freeze();
        var yaml = Yaml.Replace("on_bad_clip: fail", "on_bad_clip: skip").Replace("with: { add: 10 }", "with: { add: 12, mode: b }")
            .Replace("total: { uses: sum, needs: [b] }", "total: { uses: sum, needs: [a] }\n  extra: { uses: transform, needs: [a] }");
        var drifts = DriftCheck.Compare(f.Manifest, Now(f, yaml, new Dictionary<string, string> { ["eat"] = "sha256:99" }, "1.3.0"), f.Registry, f.Engine.Store)
            .Select(d => d.ToString()).ToList();
        Assert.Equal([
            $"workflow wf.yaml: text: frozen {Digest.Of(Yaml)}, now {Digest.Of(yaml)}",
            "on_bad_clip: frozen fail, now skip",
            "stage b: option add: frozen 10, now 12",
            "stage b: option mode: frozen \"a\", now \"b\"",
            "stage total: needs: frozen [b], now [a]",
            "stage extra: frozen absent, now uses transform",
            "model beats: frozen sha256:22, now not registered",
            "model eat: frozen sha256:11, now sha256:99",
            "asd version: frozen 1.2.0, now 1.3.0",
        ], drifts);
    }

    [Fact]
    public async Task Compare_ActivityVersionConfigurationAndEnvironment_ComeFromTheFrozenExecutionRecords()
    {
        var f = await Freeze();
        f.Engine.Transform.VersionNumber = 2;
        f.Configured.Model = "sha256:bb";
        f.Configured.Cpu = "arm64";
        var drifts = DriftCheck.Compare(f.Manifest, Now(f, Yaml), f.Registry, f.Engine.Store).Select(d => d.ToString()).ToList();
        Assert.Equal([
            "stage a: activity transform version: frozen v1, now v2",
            "stage b: activity transform version: frozen v1, now v2",
            "stage embed: configuration model: frozen \"sha256:aa\", now \"sha256:bb\"",
            "stage embed: environment cpu: frozen \"x86-64-v3\", now \"arm64\"",
        ], drifts);
    }

    [Fact]
    public async Task Compare_FrozenExecutionRecordGone_IsADifferenceNotASilentPass()
    {
        var f = await Freeze();
        var record = f.Manifest.Stages.First(s => s.Stage == "embed").ExecutionObject;
        f.Engine.Store.Delete(Digest.Parse(record));
        var drift = Assert.Single(DriftCheck.Compare(f.Manifest, Now(f, Yaml), f.Registry, f.Engine.Store));
        Assert.Equal($"stage embed: frozen execution record: frozen {record}, now missing from the store (run asd verify on the manifest)", drift.ToString());
    }

    [Fact]
    public async Task Compare_StageRemovedOrKindChanged_Named()
    {
        var f = await Freeze();
        var yaml = Yaml.Replace("\n  total: { uses: sum, needs: [b] }", "").Replace("embed: { uses: configured, needs: [a] }", "embed: { uses: transform, needs: [a] }");
        Assert.Equal(["stage embed: uses: frozen configured, now transform", "stage total: frozen uses sum, now absent"],
            DriftCheck.Compare(f.Manifest, Now(f, yaml), f.Registry, f.Engine.Store).Skip(1).Select(d => d.ToString()).ToList());
    }
}

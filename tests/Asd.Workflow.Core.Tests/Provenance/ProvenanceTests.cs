using System.Text;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Core.Provenance;
using Asd.Workflow.Core.Tests.Fakes;

namespace Asd.Workflow.Core.Tests.Provenance;

public sealed class ProvenanceTests
{
    private static async Task<(EngineFixture Engine, Manifest Manifest)> Frozen(string yaml, Action<EngineFixture>? arrange = null)
    {
        var engine = new EngineFixture();
        var registry = engine.Registry.With(new ThresholdActivity());
        arrange?.Invoke(engine);
        var wf = new Core.Definitions.WorkflowLoader(registry).Load(yaml, "wf.yaml", new Dictionary<string, string>());
        var runner = new WorkflowRunner(registry, engine.Store, engine.Index, new InProcessExecutor());
        await runner.RunAsync(wf, engine.Dataset, new RunSettings(2), new RecordingObserver());
        var plan = await runner.RunAsync(wf, engine.Dataset, new RunSettings(DryRun: true), new RecordingObserver());
        var manifest = ManifestBuilder.Build("t", wf, yaml, engine.Dataset, plan, registry, engine.Index,
            new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>());
        return (engine, manifest);
    }

    [Fact]
    public async Task Recompute_DeterministicWorkflow_EveryOutputByteIdentical()
    {
        var (engine, manifest) = await Frozen(EngineFixture.Chain());
        var results = await new Recomputer(engine.Registry, engine.Store).RecomputeAsync(manifest, [], null);
        Assert.Equal(10, results.Count);
        Assert.All(results, r => Assert.All(r.Outputs, o => Assert.Equal("byte-identical", o.Detail)));
    }

    [Fact]
    public async Task Recompute_WithObserver_EachShardStartedAndFinishedAsItMatched()
    {
        var (engine, manifest) = await Frozen(EngineFixture.Chain());
        engine.Transform.Nondeterministic = true;
        var observer = new RecordingObserver();
        var results = await new Recomputer(engine.Registry, engine.Store).RecomputeAsync(manifest, ["a"], null, default, observer);
        Assert.Equal(Recomputer.ShardCount(manifest, ["a"]), observer.Events.Count);
        Assert.Equal(results.Select(r => (r.Stage, r.Shard)), observer.Events.Select(e => (e.Stage, e.Shard)));
        Assert.All(observer.Events, e => Assert.Equal(ShardStatus.Failed, e.Status)); // outputs differ: shown as failed
    }

    [Fact]
    public async Task Verify_WithProgress_CountsEveryObjectOnce()
    {
        var (engine, manifest) = await Frozen(EngineFixture.Chain());
        var counts = new System.Collections.Concurrent.ConcurrentBag<(int Done, int Total)>();
        var report = Verifier.Verify(manifest, engine.Store, 3, (done, total) => counts.Add((done, total)));
        Assert.Equal(Enumerable.Range(1, report.Objects), counts.Select(c => c.Done).Order());
        Assert.All(counts, c => Assert.Equal(report.Objects, c.Total));
    }

    [Fact]
    public async Task Recompute_ActivityMadeNondeterministic_ReportsTheDifference()
    {
        var (engine, manifest) = await Frozen(EngineFixture.Chain());
        engine.Transform.Nondeterministic = true;
        var results = await new Recomputer(engine.Registry, engine.Store).RecomputeAsync(manifest, ["a"], null);
        Assert.Equal(3, results.Count);
        Assert.All(results, r =>
        {
            Assert.False(r.Matches);
            Assert.StartsWith("first differing line 1: '", Assert.Single(r.Outputs).Detail);
        });
    }

    [Fact]
    public async Task Freeze_StaleWorkflow_IsRefusedWithTheStaleShards()
    {
        var (engine, _) = await Frozen(EngineFixture.Chain());
        var wf = engine.Load(EngineFixture.Chain(addB: 99));
        var plan = await new WorkflowRunner(engine.Registry, engine.Store, engine.Index, new InProcessExecutor())
            .RunAsync(wf, engine.Dataset, new RunSettings(DryRun: true), new RecordingObserver());
        var error = Assert.Throws<Core.Errors.AsdException>(() => ManifestBuilder.Build("t", wf, "", engine.Dataset, plan, engine.Registry, engine.Index,
            new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>()));
        Assert.Equal(2, error.ExitCode);
        Assert.Contains("b/m0/00: option 'add' changed from 10 to 99", error.Details);
        Assert.Equal(7, error.Details.Count);
    }

    [Fact]
    public async Task Audit_ThresholdFromTrainSplit_ProvesNoTestData()
    {
        var (engine, manifest) = await Frozen("name: s\nstages:\n  system: { uses: threshold, with: { stats_from: train } }\n");
        var audit = Assert.Single(Auditor.Audit(WithTrainInventories(manifest, engine), engine.Store));
        Assert.Empty(audit.Leaks);
        Assert.Equal(3, audit.Statistics.Count);
        Assert.Equal(["m0/00", "m1/00", "m2/00"], audit.TrainSources);
    }

    [Fact]
    public async Task Audit_ThresholdFedByTestScores_FailsWithTheOffendingPath()
    {
        var (engine, manifest) = await Frozen("name: s\nstages:\n  system: { uses: threshold, with: { stats_from: test } }\n");
        var audit = Assert.Single(Auditor.Audit(manifest, engine.Store));
        Assert.Equal(3, audit.Leaks.Count);
        Assert.Contains("system/m0/00:threshold <- dataset/m0/00:test (reads the test split)", audit.Leaks);
    }

    /// <summary>The fixture's sources are bare numbers; give the audit real train inventories to open.</summary>
    private static Manifest WithTrainInventories(Manifest manifest, EngineFixture engine) => manifest with
    {
        Dataset = manifest.Dataset with
        {
            Shards = manifest.Dataset.Shards.Select(s => s with
            {
                Sources = s.Sources.Select(a => a.Port != "train" ? a : a with
                {
                    Digest = Put(engine.Store, new ClipInventory(s.Shard, "00", "train", [new ClipEntry("section_00_source_train_normal_0000.wav", "x", "00", "train", "source")])),
                }).ToList(),
            }).ToList(),
        },
    };

    private static string Put(IArtifactStore store, ClipInventory inventory) => store.Put(CanonicalJson.Serialize(inventory)).ToString();

    [Fact]
    public async Task Load_FrozenManifestWrittenToDisk_ReadsBackEqual()
    {
        var (_, manifest) = await Frozen(EngineFixture.Chain());
        var path = Path.Combine(Path.GetTempPath(), "asd-tests", $"frozen-{Guid.NewGuid():N}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, ManifestBuilder.Serialize(manifest));
        var loaded = ManifestBuilder.Load(path);
        Assert.Equal(ManifestBuilder.Serialize(manifest), ManifestBuilder.Serialize(loaded));
        Assert.Equal(manifest.Stages.Count, loaded.Stages.Count);
    }
}

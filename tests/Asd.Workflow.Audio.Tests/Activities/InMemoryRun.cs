using Asd.Workflow.Audio.Activities.Decode;
using Asd.Workflow.Audio.Activities.Embed;
using Asd.Workflow.Audio.Dataset;
using Asd.Workflow.Audio.Encoders;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Audio.Tests.Activities;

/// <summary>A decode/embed workflow run through the runner over an in-memory store and index, with the embed activity's counters.</summary>
internal sealed class InMemoryRun
{
    public InMemoryArtifactStore Store { get; } = new();
    public InMemoryRunIndex Index { get; } = new();
    public FrontEndCounters Counters { get; } = new();
    public RunSummary Summary { get; private set; } = null!;

    public static Task<InMemoryRun> RunAsync(string data, string yaml, int jobs = 1) => new InMemoryRun().AgainAsync(data, yaml, new RunSettings(Jobs: jobs));

    /// <summary>Runs (again) over this store and index; the counters keep counting.</summary>
    public async Task<InMemoryRun> AgainAsync(string data, string yaml, RunSettings settings)
    {
        var run = this;
        var registry = new ActivityRegistry([new DecodeActivity(), new EmbedActivity(new BuiltInEncoders(), run.Counters)]);
        var workflow = new WorkflowLoader(registry).Load(yaml, "test.yaml", new Dictionary<string, string> { ["data"] = data });
        var inventory = new DatasetReader(paths => paths.ToDictionary(p => p, p => Digest.Of(File.ReadAllBytes(p)).Hex)).Read(data);
        run.Summary = await new WorkflowRunner(registry, run.Store, run.Index, new InProcessExecutor())
            .RunAsync(workflow, DatasetSnapshotBuilder.Build(inventory, run.Store), settings, new NullObserver());
        Assert.Equal(0, run.Summary.Failed);
        return run;
    }

    /// <summary>The output digest of a stage's port (the workflow's data sets here have one shard).</summary>
    public Digest Output(string stage, string port)
    {
        var e = Summary.Events.Single(e => e.Stage == stage);
        return Digest.Parse(Index.FindExecution(Digest.Parse(e.Key!))!.Outputs.Single(o => o.Port == port).Digest);
    }

    private sealed class NullObserver : IRunObserver
    {
        public void ShardFinished(ShardEvent e) { }
    }
}

using Asd.Workflow.Audio.Activities.Decode;
using Asd.Workflow.Audio.Activities.Embed;
using Asd.Workflow.Audio.Dataset;
using Asd.Workflow.Audio.Encoders;
using Asd.Workflow.Audio.Synth;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Audio.Tests.Activities.Embed;

/// <summary>Embed through the runner over an in-memory store and index: per-clip memo keys come from the stage identity.</summary>
public sealed class EmbedActivityTests
{
    private static readonly Lazy<string> Data = new(() =>
    {
        var dir = RepoPaths.TempDir("embed-data");
        SyntheticDataset.Write(new SynthOptions { Out = dir, Seed = 11, Machines = 1, TrainSource = 3, TrainTarget = 1, TestPerCell = 1, Seconds = 0.5 }, jobs: 1);
        return dir;
    });

    private static string Workflow(params string[] embedRates) =>
        "name: rates\ndataset: ${data}\nstages:\n  decode: { uses: decode, with: { sample_rate: 16000 } }\n" +
        string.Concat(embedRates.Select(r => $"  emb{r}: {{ uses: embed, needs: [decode], with: {{ encoder: logmel-stats, n_mels: 16, n_fft: 256, hop: 128, sample_rate: {r} }} }}\n"));

    /// <summary>Runs the workflow in a fresh in-memory store and index; the "train" output digest of each embed stage.</summary>
    private static async Task<Dictionary<string, Digest>> TrainFeaturesAsync(string yaml)
    {
        var store = new InMemoryArtifactStore();
        var index = new InMemoryRunIndex();
        var registry = new ActivityRegistry([new DecodeActivity(), new EmbedActivity(new BuiltInEncoders())]);
        var workflow = new WorkflowLoader(registry).Load(yaml, "rates.yaml", new Dictionary<string, string> { ["data"] = Data.Value });
        var inventory = new DatasetReader(paths => paths.ToDictionary(p => p, p => Digest.Of(File.ReadAllBytes(p)).Hex)).Read(Data.Value);
        var summary = await new WorkflowRunner(registry, store, index, new InProcessExecutor())
            .RunAsync(workflow, DatasetSnapshotBuilder.Build(inventory, store), new RunSettings(Jobs: 1), new NullObserver());
        Assert.Equal(0, summary.Failed);
        return summary.Events.Where(e => e.Stage.StartsWith("emb", StringComparison.Ordinal))
            .ToDictionary(e => e.Stage, e => Digest.Parse(index.FindExecution(Digest.Parse(e.Key!))!.Outputs.Single(o => o.Port == "train").Digest));
    }

    [Fact]
    public async Task Run_TwoEmbedStagesDifferingOnlyInSampleRate_GetTheirOwnVectors()
    {
        var both = await TrainFeaturesAsync(Workflow("16000", "8000"));
        Assert.NotEqual(both["emb16000"], both["emb8000"]);
        // Each equals what it gives on its own, with no other stage's memo entries around.
        Assert.Equal((await TrainFeaturesAsync(Workflow("8000")))["emb8000"], both["emb8000"]);
        Assert.Equal((await TrainFeaturesAsync(Workflow("16000")))["emb16000"], both["emb16000"]);
    }

    [Fact]
    public void EnvironmentFacts_BuiltInLogMel_NameTheCpuClassAndTheRuntime()
    {
        var facts = new EmbedActivity(new BuiltInEncoders()).EnvironmentFacts(new EmbedOptions());
        Assert.Equal(MachineFacts.CpuClass, facts["cpu"]);
        Assert.Equal(Environment.Version.ToString(), facts["runtime"]);
        Assert.Empty(new DecodeActivity().EnvironmentFacts(new DecodeOptions()));
    }

    [Fact]
    public void Describe_BuiltInEncoder_HasEveryFieldIncludingSampleRate()
    {
        var config = new EmbedActivity(new BuiltInEncoders()).Describe(new EmbedOptions { SampleRate = 8000 })["encoder"]!.AsObject();
        Assert.Equal(8000, config["sample_rate"]!.GetValue<int>());
        Assert.Equal(["encoder", "fmax", "fmin", "frame_stride", "hop", "log_floor", "n_fft", "n_mels", "output", "power", "sample_rate"],
            config.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    private sealed class NullObserver : IRunObserver
    {
        public void ShardFinished(ShardEvent e) { }
    }
}

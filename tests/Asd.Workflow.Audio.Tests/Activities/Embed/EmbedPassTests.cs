using Asd.Workflow.Audio.Activities.Decode;
using Asd.Workflow.Audio.Activities.Embed;
using Asd.Workflow.Audio.Decoding;
using Asd.Workflow.Audio.Encoders;
using Asd.Workflow.Audio.Synth;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Audio.Tests.Activities.Embed;

/// <summary>
/// One pass feeds an embed stage and its log-mel peers: one read and decode per clip, one STFT per clip, view
/// and FFT setting, and every stage gets the bits it gets on its own and the bits of the direct path (decode the
/// file, form the view, resample, encode) that the stored-PCM design gave.
/// </summary>
public sealed class EmbedPassTests
{
    private static readonly Lazy<string> Data = new(() =>
    {
        var dir = RepoPaths.TempDir("embed-pass-data");
        SyntheticDataset.Write(new SynthOptions { Out = dir, Seed = 5, Machines = 1, TrainSource = 3, TrainTarget = 1, TestPerCell = 1, Seconds = 0.5 }, jobs: 1);
        return dir;
    });

    private const int Clips = 8; // 4 train + 4 test
    private const string Fft = "n_fft: 256, hop: 128";

    private static readonly Dictionary<string, string> Stages = new()
    {
        ["stats"] = $"encoder: logmel-stats, view: near, n_mels: 16, {Fft}",
        ["frames"] = $"encoder: logmel-frames, view: near, n_mels: 8, frame_stride: 2, {Fft}",
        ["magnitude"] = $"encoder: logmel-stats, view: near, n_mels: 12, power: 1, {Fft}",
        ["far"] = $"encoder: logmel-stats, view: far, n_mels: 16, {Fft}",
        ["wide"] = "encoder: logmel-stats, view: near, n_mels: 16, n_fft: 512, hop: 128",
        ["resid8k"] = $"encoder: logmel-stats, view: residual, n_mels: 16, sample_rate: 8000, {Fft}",
    };

    private static string Workflow(IEnumerable<string> stages) =>
        "name: pass\ndataset: ${data}\nstages:\n  decode: { uses: decode, with: { views: [near, far, residual] } }\n" +
        string.Concat(stages.Select(s => $"  {s}: {{ uses: embed, needs: [decode], with: {{ {Stages[s]} }} }}\n"));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Run_SixLogMelStages_OneReadPerClipAndOneStftPerClipViewRateAndFft(int jobs)
    {
        var run = await InMemoryRun.RunAsync(Data.Value, Workflow(Stages.Keys), jobs);
        Assert.Equal(Clips, run.Counters.Reads);
        // (near, 16 kHz, 256/128) for stats, frames and magnitude; far; near at 512; residual at 8 kHz.
        Assert.Equal(Clips * 4, run.Counters.Stfts);
    }

    [Fact]
    public async Task Run_StagesInOnePass_EachGetsTheBitsItGetsAlone()
    {
        var together = await InMemoryRun.RunAsync(Data.Value, Workflow(Stages.Keys));
        foreach (var stage in Stages.Keys)
        {
            var alone = await InMemoryRun.RunAsync(Data.Value, Workflow([stage]));
            Assert.Equal(Clips, alone.Counters.Reads);
            Assert.Equal(alone.Output(stage, "train"), together.Output(stage, "train"));
            Assert.Equal(alone.Output(stage, "test"), together.Output(stage, "test"));
        }
    }

    [Fact]
    public async Task Run_ForcedAgainOverTheSameStore_EveryClipMemoisedNothingRead()
    {
        var run = await InMemoryRun.RunAsync(Data.Value, Workflow(["stats", "far"]));
        var first = run.Output("stats", "train");
        await run.AgainAsync(Data.Value, Workflow(["stats", "far", "frames"]), new Core.Engine.RunSettings(Force: ["stats", "far"]));
        Assert.Equal(Clips * 2, run.Counters.Reads); // the first run's reads, then one per clip for the new stage alone
        Assert.Equal(Clips * 3, run.Counters.Stfts);
        Assert.Equal(first, run.Output("stats", "train"));
    }

    [Fact]
    public async Task Run_PeerMemoValuesDeleted_TheForcedStagesPassComputesThemAgainInTheSamePass()
    {
        var run = await InMemoryRun.RunAsync(Data.Value, Workflow(["stats", "far"]));
        foreach (var vector in run.Store.List().Where(d => run.Store.Size(d) == 32 * sizeof(float)).ToList()) run.Store.Delete(vector); // as gc does
        await run.AgainAsync(Data.Value, Workflow(["stats", "far"]), new Core.Engine.RunSettings(Jobs: 1, Force: ["stats"]));
        Assert.Equal(Clips * 2, run.Counters.Reads);
        Assert.Equal(Clips * 4, run.Counters.Stfts); // near and far again, in stats' pass
        await run.AgainAsync(Data.Value, Workflow(["stats", "far"]), new Core.Engine.RunSettings(Jobs: 1, Force: ["far"]));
        Assert.Equal(Clips * 2, run.Counters.Reads); // far's vectors were memoised again by stats' pass
    }

    /// <summary>The direct path: decode the file, form the view, resample to the decode rate then the encoder's, encode.</summary>
    [Theory]
    [InlineData("stats")]
    [InlineData("frames")]
    [InlineData("magnitude")]
    [InlineData("resid8k")]
    public async Task Run_Features_EqualTheDirectDecodeViewResampleEncodePath(string stage)
    {
        var run = await InMemoryRun.RunAsync(Data.Value, Workflow(Stages.Keys));
        var set = JsonDefaults.Deserialize<DecodedSet>(run.Store.ReadAll(run.Output("decode", "train")));
        var options = new Core.Definitions.WorkflowLoader(new Core.Activities.ActivityRegistry([new DecodeActivity(), new EmbedActivity(new BuiltInEncoders())]))
            .Load(Workflow([stage]), "x.yaml", new Dictionary<string, string> { ["data"] = Data.Value }).Stage(stage).TypedOptions;
        var embed = (EmbedOptions)options;
        using var encoder = new BuiltInEncoders().Create(embed);
        var dump = NpyArray.FromBytes(run.Store.ReadAll(run.Output(stage, "train")));
        var width = dump.Data.Length / set.Clips.Count;
        for (var i = 0; i < set.Clips.Count; i++)
        {
            var audio = WavDecoder.Decode(Path.Combine(Data.Value, set.Clips[i].Path));
            var view = Resampling.Resample(Resampling.Resample(ChannelViews.Form(audio, embed.View), audio.SampleRate, set.SampleRate), set.SampleRate, embed.SampleRate);
            var expected = encoder.EmbedBatch([view])[0];
            Assert.Equal(expected.AsSpan(0, width).ToArray(), dump.Data.AsSpan(i * width, width).ToArray()); // exact: float equality
        }
    }
}

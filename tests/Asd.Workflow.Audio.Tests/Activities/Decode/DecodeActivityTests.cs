using Asd.Workflow.Audio.Activities.Decode;
using Asd.Workflow.Audio.Synth;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Audio.Tests.Activities.Decode;

/// <summary>The decode stage validates and lists clips; the store keeps features, never decoded audio.</summary>
public sealed class DecodeActivityTests
{
    private static readonly Lazy<string> Data = new(() =>
    {
        var dir = RepoPaths.TempDir("decode-data");
        SyntheticDataset.Write(new SynthOptions { Out = dir, Seed = 3, Machines = 1, TrainSource = 3, TrainTarget = 1, TestPerCell = 1, Seconds = 1 }, jobs: 1);
        return dir;
    });

    private const string Yaml = "name: d\ndataset: ${data}\nstages:\n  decode: { uses: decode, with: { views: [near, far, residual] } }\n" +
        "  near: { uses: embed, needs: [decode], with: { encoder: logmel-stats, n_mels: 16, n_fft: 256, hop: 128 } }\n" +
        "  frames: { uses: embed, needs: [decode], with: { encoder: logmel-frames, view: far, n_mels: 16, n_fft: 256, hop: 128 } }\n";

    [Fact]
    public async Task Run_DecodeAndEmbed_NoStoredObjectIsAsLargeAsOneViewOfOneClip()
    {
        var run = await InMemoryRun.RunAsync(Data.Value, Yaml);
        var oneView = 16000 * 4; // one second of one view in float32: what a stored-PCM design keeps per clip and view
        var largest = run.Store.List().Max(d => run.Store.Size(d));
        Assert.True(largest < oneView, $"largest object {largest} bytes, one decoded view is {oneView}");
        var wav = Directory.GetFiles(Data.Value, "*.wav", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(run.Store.List().Sum(d => run.Store.Size(d)) < wav / 2);
    }

    [Fact]
    public async Task Run_MonoWithFallbackNear_EveryClipFellBackAsTheSetDerivesIt_AndTheFarViewEmbeds()
    {
        var dir = RepoPaths.TempDir("decode-mono");
        SyntheticDataset.Write(new SynthOptions { Out = dir, Seed = 3, Machines = 1, TrainSource = 3, TrainTarget = 1, TestPerCell = 1, Seconds = 1, Channels = 1 }, jobs: 1);
        var run = await InMemoryRun.RunAsync(dir, Yaml.Replace("views: [near, far, residual] }", "views: [near, far, residual], fallback: near }"));
        var set = JsonDefaults.Deserialize<DecodedSet>(run.Store.ReadAll(run.Output("decode", "train")));
        Assert.All(set.Clips, c => Assert.Equal((1, true, true), (c.Channels, c.FellBack, set.FallsBack(c))));
        Assert.True(run.Store.Exists(run.Output("frames", "train")));
        Assert.False(DecodedSet.FallsBack(1, ["near", "mix"]));
        Assert.False(DecodedSet.FallsBack(2, ["far"]));
    }

    [Fact]
    public async Task Run_Decode_ListsEveryClipWithItsHeaderFactsAndDecodeKey()
    {
        var run = await InMemoryRun.RunAsync(Data.Value, Yaml);
        var set = JsonDefaults.Deserialize<DecodedSet>(run.Store.ReadAll(run.Output("decode", "train")));
        Assert.Equal(4, set.Clips.Count);
        Assert.Equal(["near", "far", "residual"], set.Views);
        Assert.All(set.Clips, c => Assert.Equal((2, 16000, false, false), (c.Channels, c.Frames, c.FellBack, set.FallsBack(c))));
        Assert.Equal(4, set.Clips.Select(c => c.Audio).Distinct().Count());
        Assert.All(set.Clips, c => Assert.True(File.Exists(Path.Combine(Data.Value, c.Path))));
    }
}

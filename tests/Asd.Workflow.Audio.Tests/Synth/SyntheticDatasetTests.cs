using Asd.Workflow.Audio.Decoding;
using Asd.Workflow.Audio.Synth;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Audio.Tests.Synth;

public sealed class SyntheticDatasetTests
{
    private static SynthOptions Small(string dir) => new() { Out = dir, Seed = 3, Machines = 2, TrainSource = 3, TrainTarget = 1, TestPerCell = 1, Seconds = 0.5 };

    [Fact]
    public void Write_SameSeedAnyThreads_GivesIdenticalFilesInTheOfficialLayout()
    {
        var a = RepoPaths.TempDir("synth"); var b = RepoPaths.TempDir("synth");
        var summary = SyntheticDataset.Write(Small(a), jobs: 1);
        SyntheticDataset.Write(Small(b), jobs: 4);
        Assert.Equal(16, summary.Clips);
        var files = Directory.GetFiles(a, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(files, f => f.StartsWith("dev_data/raw/fan/train/section_00_target_train_normal_0000_spd_", StringComparison.Ordinal));
        Assert.Contains("ground_truth_data/ground_truth_gearbox_section_00_test.csv", files);
        foreach (var f in files) Assert.Equal(File.ReadAllBytes(Path.Combine(a, f)), File.ReadAllBytes(Path.Combine(b, f)));
    }

    [Fact]
    public void Write_Stereo_FarChannelIsQuieterAndNotACopy()
    {
        var dir = RepoPaths.TempDir("synth");
        SyntheticDataset.Write(Small(dir));
        var clip = Directory.GetFiles(Path.Combine(dir, "dev_data", "raw", "fan", "train")).Order(StringComparer.Ordinal).First();
        var audio = WavDecoder.Decode(clip);
        Assert.Equal(2, audio.Channels.Length);
        Assert.Equal(8000, audio.Frames);
        double Rms(float[] x) => Math.Sqrt(x.Average(v => (double)v * v));
        Assert.True(Rms(audio.Channels[1]) < Rms(audio.Channels[0]));
        Assert.NotEqual(audio.Channels[0], audio.Channels[1]);
    }
}

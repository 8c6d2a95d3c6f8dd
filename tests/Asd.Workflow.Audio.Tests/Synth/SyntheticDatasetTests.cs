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
    public void Write_Eval_AnonymousShuffledTestNamesTrainNamedAsDevGroundTruthApartAndConsistent()
    {
        var dir = RepoPaths.TempDir("synth-eval");
        var summary = SyntheticDataset.Write(Small(dir) with { Eval = true, TestPerCell = 3 });
        Assert.Equal(["bandsaw", "grinder"], summary.Machines);
        var test = Directory.GetFiles(Path.Combine(dir, "eval_data", "raw", "bandsaw", "test")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"section_00_{i:D4}.wav"), test);
        Assert.Contains("section_00_source_train_normal_0000_spd_", string.Join(" ", Directory.GetFiles(Path.Combine(dir, "eval_data", "raw", "bandsaw", "train"))));
        Assert.False(Directory.Exists(Path.Combine(dir, "dev_data")));
        Assert.False(Directory.Exists(Path.Combine(dir, "ground_truth_data"))); // not beside the data: published apart

        var truth = Path.Combine(dir, SyntheticDataset.EvalGroundTruthFolder);
        var labels = File.ReadAllLines(Path.Combine(truth, "ground_truth_data", "ground_truth_bandsaw_section_00_test.csv")).Select(l => l.Split(',')).ToList();
        var domains = File.ReadAllLines(Path.Combine(truth, "ground_truth_domain", "ground_truth_bandsaw_section_00_test.csv")).Select(l => l.Split(',')).ToList();
        Assert.Equal(test, labels.Select(r => r[0]));
        Assert.Equal(test, domains.Select(r => r[0]));
        Assert.Equal(6, labels.Count(r => r[1] == "1"));
        Assert.Equal(6, domains.Count(r => r[1] == "1"));
        // every (domain, label) cell has its 3 clips, and the numbering is shuffled (not cell by cell)
        Assert.All(labels.Zip(domains).GroupBy(p => (p.First[1], p.Second[1])), g => Assert.Equal(3, g.Count()));
        var cells = labels.Zip(domains, (l, d) => d[1] + l[1]).ToList();
        Assert.NotEqual(cells.Order(StringComparer.Ordinal), cells);
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

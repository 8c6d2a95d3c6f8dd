using Asd.Workflow.Audio.Dataset;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Audio.Tests.Dataset;

public sealed class DatasetReaderTests
{
    private static readonly DatasetReader Reader = new(paths => paths.ToDictionary(p => p, p => Path.GetFileName(p).GetHashCode().ToString("x8")));

    [Fact]
    public void Read_ValveMini_GivesOneShardWithTrainTestAndLabelsOnlyInTruth()
    {
        var inventory = Reader.Read(RepoPaths.SharedData("dcase2023-valve-mini"));
        var shard = Assert.Single(inventory.Shards);
        Assert.Equal(("valve", "00"), (shard.Machine, shard.Section));
        Assert.Equal(20, shard.Train.Clips.Count);
        Assert.Equal(15, shard.Train.Clips.Count(c => c.Domain == "source"));
        Assert.Equal(60, shard.Test.Clips.Count);
        Assert.Equal(40, shard.Truth.Entries.Count(e => e.Label == 1));
        Assert.Equal(20, shard.Truth.Entries.Count(e => e.Label == 0));
        Assert.Equal(shard.Test.Clips.Select(c => c.Name), shard.Truth.Entries.Select(e => e.Name));
        Assert.All(shard.Test.Clips, c => Assert.StartsWith("dev_data/raw/valve/test/", c.Path));
    }

    [Theory]
    [InlineData("section_00_source_train_normal_0000_pat_01.wav", "00", "source", "train", 0, 0, "pat_01")]
    [InlineData("section_03_target_test_anomaly_0042_car_A2_spd_6_mic_2.wav", "03", "target", "test", 1, 42, "car_A2_spd_6_mic_2")]
    [InlineData("section_01_source_normal_0005.wav", "01", "source", null, 0, 5, null)]
    [InlineData("section_00_0123.wav", "00", null, null, null, 123, null)]
    [InlineData("id_02_normal_00000012.wav", "02", null, null, 0, 12, null)]
    public void TryParse_DcaseNameVariants_ReadsEveryField(string name, string section, string? domain, string? split, int? label, int index, string? attrs)
    {
        var parsed = DcaseFileName.TryParse(name);
        Assert.Equal(new DcaseFileName(section, domain, split, label, index, attrs), parsed);
    }

    [Fact]
    public void Read_EvalNamesWithOfficialGroundTruth_TakesLabelsAndDomainsFromTheCsvs()
    {
        var root = RepoPaths.TempDir("eval");
        var test = Directory.CreateDirectory(Path.Combine(root, "eval_data", "raw", "fan", "test")).FullName;
        Directory.CreateDirectory(Path.Combine(root, "eval_data", "raw", "fan", "train"));
        foreach (var n in new[] { "section_00_0000.wav", "section_00_0001.wav" }) File.WriteAllBytes(Path.Combine(test, n), []);
        Directory.CreateDirectory(Path.Combine(root, "ground_truth_data"));
        Directory.CreateDirectory(Path.Combine(root, "ground_truth_domain"));
        File.WriteAllText(Path.Combine(root, "ground_truth_data", "ground_truth_fan_section_00_test.csv"), "section_00_0000.wav,1\nsection_00_0001.wav,0\n");
        File.WriteAllText(Path.Combine(root, "ground_truth_domain", "ground_truth_fan_section_00_test.csv"), "section_00_0000.wav,1\nsection_00_0001.wav,0\n");
        var shard = Assert.Single(Reader.Read(root).Shards);
        Assert.Equal([("section_00_0000.wav", 1, "target"), ("section_00_0001.wav", 0, "source")], shard.Truth.Entries.Select(e => (e.Name, e.Label, e.Domain)));
    }

    [Fact]
    public void Read_BlindTest_NoTestLabelOrDomainFromNamesOrCsvsTrainDomainsKept()
    {
        var root = RepoPaths.TempDir("blind");
        var test = Directory.CreateDirectory(Path.Combine(root, "eval_data", "raw", "fan", "test")).FullName;
        var train = Directory.CreateDirectory(Path.Combine(root, "eval_data", "raw", "fan", "train")).FullName;
        foreach (var n in new[] { "section_00_0000.wav", "section_00_target_test_anomaly_0001.wav" }) File.WriteAllBytes(Path.Combine(test, n), []);
        foreach (var n in new[] { "section_00_source_train_normal_0000.wav", "section_00_target_train_normal_0000.wav" }) File.WriteAllBytes(Path.Combine(train, n), []);
        Directory.CreateDirectory(Path.Combine(root, "ground_truth_data"));
        Directory.CreateDirectory(Path.Combine(root, "ground_truth_domain"));
        File.WriteAllText(Path.Combine(root, "ground_truth_data", "ground_truth_fan_section_00_test.csv"), "section_00_0000.wav,1\n");
        File.WriteAllText(Path.Combine(root, "ground_truth_domain", "ground_truth_fan_section_00_test.csv"), "section_00_0000.wav,1\n");

        var seeing = Assert.Single(Reader.Read(root).Shards);
        var blind = Assert.Single(new DatasetReader(paths => paths.ToDictionary(p => p, _ => "h"), blindTest: true).Read(root).Shards);

        Assert.Equal(["target", "target"], seeing.Test.Clips.Select(c => c.Domain)); // what a seeing read would hand on
        Assert.Equal(2, seeing.Truth.Entries.Count);
        Assert.Equal([DatasetReader.Unknown, DatasetReader.Unknown], blind.Test.Clips.Select(c => c.Domain));
        Assert.Empty(blind.Truth.Entries);
        Assert.Equal(["source", "target"], blind.Train.Clips.Select(c => c.Domain));
    }

    [Fact]
    public void Read_MisnamedClip_IsABadInputNamingThePath()
    {
        var root = RepoPaths.TempDir("misnamed");
        var train = Directory.CreateDirectory(Path.Combine(root, "dev_data", "raw", "pump", "train")).FullName;
        File.WriteAllBytes(Path.Combine(train, "recording-17.wav"), []);
        var error = Assert.Throws<AsdException>(() => Reader.Read(root));
        Assert.Equal(ErrorCode.BadInput, error.Code);
        Assert.StartsWith(Path.Combine(train, "recording-17.wav") + ": file name does not follow the DCASE pattern", Assert.Single(error.Details));
    }

    private static string EvalSet(string ground, params string[] testNames)
    {
        var root = RepoPaths.TempDir("eval-gt");
        var test = Directory.CreateDirectory(Path.Combine(root, "eval_data", "raw", "fan", "test")).FullName;
        foreach (var n in testNames) File.WriteAllBytes(Path.Combine(test, n), []);
        Directory.CreateDirectory(Path.Combine(root, "ground_truth_data"));
        File.WriteAllText(Path.Combine(root, "ground_truth_data", "ground_truth_fan_section_00_test.csv"), ground);
        return root;
    }

    [Fact]
    public void Read_GroundTruthLabelOtherThan0Or1_FailsWithFileAndLine()
    {
        var root = EvalSet("section_00_0000.wav,1\nsection_00_0001.wav,anomaly\n", "section_00_0000.wav", "section_00_0001.wav");
        var error = Assert.Throws<AsdException>(() => Reader.Read(root));
        Assert.Equal(ErrorCode.CheckFailed, error.Code);
        Assert.Equal($"{Path.Combine(root, "ground_truth_data", "ground_truth_fan_section_00_test.csv")}:2: label 'anomaly' of section_00_0001.wav is not 0 (normal) or 1 (anomaly)", error.Message);
    }

    [Fact]
    public void Read_UpperCaseWavExtension_IsReadLikeLowerCase()
    {
        var root = RepoPaths.TempDir("upper");
        var train = Directory.CreateDirectory(Path.Combine(root, "dev_data", "raw", "pump", "train")).FullName;
        File.WriteAllBytes(Path.Combine(train, "section_00_source_train_normal_0000.WAV"), []);
        File.WriteAllBytes(Path.Combine(train, "section_00_source_train_normal_0001.wav"), []);
        var shard = Assert.Single(Reader.Read(root).Shards);
        Assert.Equal(["section_00_source_train_normal_0000.WAV", "section_00_source_train_normal_0001.wav"], shard.Train.Clips.Select(c => c.Name));
    }

    [Theory]
    [InlineData("section_00_source_train_normal_0000_a,b.wav")]
    [InlineData("section_00_source_train_normal_0000_a\"b.wav")]
    public void Read_NameACsvRowCannotCarry_IsRefusedNamingThePath(string name)
    {
        var root = RepoPaths.TempDir("csv-name");
        var train = Directory.CreateDirectory(Path.Combine(root, "dev_data", "raw", "pump", "train")).FullName;
        File.WriteAllBytes(Path.Combine(train, name), []);
        var error = Assert.Throws<AsdException>(() => Reader.Read(root));
        Assert.Equal(ErrorCode.BadInput, error.Code);
        Assert.Equal($"{Path.Combine(train, name)}: file name contains a comma, quote or line break, which the score and submission CSV files cannot carry; rename the file", Assert.Single(error.Details));
    }

    [Fact]
    public void Require_SectionWithoutTrainClips_IsABadInputNamingTheTrainFolder()
    {
        var root = RepoPaths.TempDir("no-train");
        var test = Directory.CreateDirectory(Path.Combine(root, "dev_data", "raw", "pump", "test")).FullName;
        File.WriteAllBytes(Path.Combine(test, "section_00_source_test_normal_0000.wav"), []);
        var error = Assert.Throws<AsdException>(() => RunnableDataset.Require(Reader.Read(root)));
        Assert.Equal(ErrorCode.BadInput, error.Code);
        Assert.StartsWith($"{Path.Combine(root, "dev_data", "raw", "pump", "train")}: no train clips of pump section 00;", Assert.Single(error.Details));
    }
}

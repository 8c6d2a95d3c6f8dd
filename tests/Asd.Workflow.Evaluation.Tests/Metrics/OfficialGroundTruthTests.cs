using Asd.Workflow.Core.Errors;
using Asd.Workflow.Evaluation.Metrics;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Evaluation.Tests.Metrics;

public sealed class OfficialGroundTruthTests
{
    [Theory]
    [InlineData("2")]
    [InlineData("0.5")]
    [InlineData("-1")]
    public void Read_LabelOtherThanZeroOrOne_IsBadDataWithFileAndLine(string label)
    {
        var dir = RepoPaths.TempDir("gt");
        Directory.CreateDirectory(Path.Combine(dir, "ground_truth_data"));
        var file = Path.Combine(dir, "ground_truth_data", "ground_truth_fan_section_00_test.csv");
        File.WriteAllText(file, $"a.wav,0\nb.wav,{label}\n");
        var error = Assert.Throws<AsdException>(() => OfficialGroundTruth.Read(dir));
        Assert.Equal(ErrorCode.CheckFailed, error.Code);
        Assert.Equal($"{file}:2: label '{label}' of b.wav is not 0 (normal) or 1 (anomaly)", error.Message);
    }

    [Fact]
    public void Read_DomainOtherThanSourceOrTarget_IsBadDataWithFileAndLine()
    {
        var dir = RepoPaths.TempDir("gt");
        Directory.CreateDirectory(Path.Combine(dir, "ground_truth_data"));
        Directory.CreateDirectory(Path.Combine(dir, "ground_truth_domain"));
        File.WriteAllText(Path.Combine(dir, "ground_truth_data", "ground_truth_fan_section_00_test.csv"), "a.wav,0\n");
        var domains = Path.Combine(dir, "ground_truth_domain", "ground_truth_fan_section_00_test.csv");
        File.WriteAllText(domains, "a.wav,2\n");
        var error = Assert.Throws<AsdException>(() => OfficialGroundTruth.Read(dir));
        Assert.Equal($"{domains}:1: domain '2' of a.wav is not 0 or source, 1 or target", error.Message);
    }
}

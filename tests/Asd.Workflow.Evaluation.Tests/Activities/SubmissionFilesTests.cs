using System.Text;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Evaluation.Activities.Package;
using Asd.Workflow.Evaluation.Metrics;

namespace Asd.Workflow.Evaluation.Tests.Activities;

public sealed class SubmissionFilesTests
{
    [Fact]
    public void Scores_AreSortedRoundTripExactWithLfAndNoHeader()
    {
        var rows = new[] { new ScoreRow("b.wav", "source", 0.1 + 0.2, 1), new ScoreRow("a.wav", "target", -1e-300, 0) };
        Assert.Equal("a.wav,-1E-300\nb.wav,0.30000000000000004\n", Encoding.UTF8.GetString(SubmissionFiles.Scores(rows)));
        Assert.Equal("a.wav,0\nb.wav,1\n", Encoding.UTF8.GetString(SubmissionFiles.Decisions(rows)));
        Assert.Equal("anomaly_score_fan_section_00_test.csv", SubmissionFiles.ScoreFile("fan", "00"));
    }

    private static readonly GroundTruth Truth = new("fan", "00",
        [new TruthEntry("section_00_source_test_normal_0000.wav", 0, "source"), new TruthEntry("section_00_source_test_anomaly_0000.wav", 1, "source")]);

    [Fact]
    public void Join_RenamedFiles_ListsBothSidesAndWarnsAboutPositionalAlignment()
    {
        var rows = new[] { new ScoreRow("section_00_source_test_normal_0000.wav", "", 1), new ScoreRow("renamed.wav", "", 2) };
        var error = Assert.Throws<AsdException>(() => SystemScores.Join(Truth, rows, "sys/fan"));
        Assert.Equal(ErrorCode.BadInput, error.Code);
        Assert.Contains("sys/fan: 1 test clip(s) have no score: section_00_source_test_anomaly_0000.wav", error.Details);
        Assert.Contains(error.Details, d => d.StartsWith("sys/fan: 1 row(s) name no test clip: renamed.wav (renamed files? the official tool aligns rows by sorted position", StringComparison.Ordinal));
    }

    [Fact]
    public void Join_Utf8BomOnFirstName_IsNamed()
    {
        var rows = new[] { new ScoreRow("\uFEFFsection_00_source_test_normal_0000.wav", "", 1), new ScoreRow("section_00_source_test_anomaly_0000.wav", "", 2) };
        var error = Assert.Throws<AsdException>(() => SystemScores.Join(Truth, rows, "sys/fan"));
        Assert.Contains(error.Details, d => d.Contains("starts with a UTF-8 BOM (the official tool would silently mis-score this file)", StringComparison.Ordinal));
    }

    [Fact]
    public void Bootstrap_SameSeed_SameInterval_AndIdenticalSystemsGiveZero()
    {
        var rng = new Random(4);
        var clips = Enumerable.Range(0, 80).Select(i => new LabeledScore($"c{i}", i % 2, i % 4 < 2 ? "source" : "target", rng.NextDouble() + 0.2 * (i % 2))).ToList();
        var sections = new[] { ("fan", "00", (IReadOnlyList<LabeledScore>)clips, (IReadOnlyList<LabeledScore>)clips) };
        var a = PairedBootstrap.Run(sections, 50, 9);
        Assert.Equal(a, PairedBootstrap.Run(sections, 50, 9));
        Assert.Equal((0.0, 0.0, 0.0), (a.Difference, a.Low, a.High));
    }
}

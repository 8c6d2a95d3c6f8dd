using Asd.Workflow.Core.Errors;
using Asd.Workflow.Evaluation.Metrics;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Evaluation.Tests.Metrics;

public sealed class ScoreFilesTests
{
    private static string Folder(string scores, string? decisions = null)
    {
        var dir = RepoPaths.TempDir("scores");
        File.WriteAllText(Path.Combine(dir, "anomaly_score_fan_section_00_test.csv"), scores);
        if (decisions is not null) File.WriteAllText(Path.Combine(dir, "decision_result_fan_section_00_test.csv"), decisions);
        return dir;
    }

    [Theory]
    [InlineData("a.wav,0.5\nb.wav,NaN\n", 2, "score 'NaN' of b.wav is not a finite number; write a finite decimal number")]
    [InlineData("a.wav,1e400\n", 1, "score '1e400' of a.wav is not a finite number; write a finite decimal number")]
    [InlineData("a.wav,-Infinity\n", 1, "score '-Infinity' of a.wav is not a finite number; write a finite decimal number")]
    [InlineData("a.wav,0.5\n\nb.wav\n", 3, "expected 'name,score', got 'b.wav'")]
    public void Read_NonFiniteOrMalformedScore_IsBadDataWithFileAndLine(string scores, int line, string reason)
    {
        var dir = Folder(scores);
        var error = Assert.Throws<AsdException>(() => ScoreFiles.Read(dir, "fan", "00"));
        Assert.Equal(ErrorCode.CheckFailed, error.Code);
        Assert.Equal($"{Path.Combine(dir, "anomaly_score_fan_section_00_test.csv")}:{line}: {reason}", error.Message);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("1.0")] // a number equal to 1, but not how the official files write it: asd validate refuses it too
    [InlineData("0.0")]
    [InlineData(" 1")]
    [InlineData("1e0")]
    [InlineData("-0")]
    [InlineData("true")]
    public void Read_DecisionOtherThan0Or1_IsBadDataWithFileLineAndWhatToWrite(string decision)
    {
        var dir = Folder("a.wav,0.5\n", $"a.wav,{decision}\n");
        var error = Assert.Throws<AsdException>(() => ScoreFiles.Read(dir, "fan", "00"));
        Assert.Equal(ErrorCode.CheckFailed, error.Code);
        Assert.Equal(1, error.ExitCode);
        Assert.Equal($"{Path.Combine(dir, "decision_result_fan_section_00_test.csv")}:1: decision '{decision}' of a.wav is not 0 or 1; write 0 (normal) or 1 (anomaly)", error.Message);
    }

    [Fact]
    public void Read_Decisions0And1WithCrlf_AreRead()
    {
        var rows = ScoreFiles.Read(Folder("a.wav,0.5\nb.wav,0.25\n", "a.wav,1\r\nb.wav,0\r\n"), "fan", "00");
        Assert.Equal([(int?)1, 0], rows.Select(r => r.Decision));
    }

    [Fact]
    public void Read_SeveralBadRows_AllReportedWithFileAndLine()
    {
        var dir = Folder("a.wav,NaN\nb.wav\nc.wav,1\n");
        var path = Path.Combine(dir, "anomaly_score_fan_section_00_test.csv");
        var error = Assert.Throws<AsdException>(() => ScoreFiles.Read(dir, "fan", "00"));
        Assert.Equal(ErrorCode.CheckFailed, error.Code);
        Assert.Equal([$"{path}:1: score 'NaN' of a.wav is not a finite number; write a finite decimal number", $"{path}:2: expected 'name,score', got 'b.wav'"], error.Details);
    }

    [Fact]
    public void Read_MissingScoreFile_IsABadInput()
    {
        var error = Assert.Throws<AsdException>(() => ScoreFiles.Read(Folder("a.wav,1\n"), "gearbox", "00"));
        Assert.Equal(ErrorCode.BadInput, error.Code);
    }

    [Fact]
    public void Read_GoodFiles_JoinsScoresAndDecisions()
    {
        var rows = ScoreFiles.Read(Folder("a.wav,0.25\nb.wav,-3\n", "a.wav,1\nb.wav,0\n"), "fan", "00");
        Assert.Equal([("a.wav", 0.25, (int?)1), ("b.wav", -3.0, (int?)0)], rows.Select(r => (r.Clip, r.Score, r.Decision)));
    }
}

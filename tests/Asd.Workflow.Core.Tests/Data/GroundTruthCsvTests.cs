using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Core.Tests.Data;

public sealed class GroundTruthCsvTests
{
    [Fact]
    public void Labels_OfficialRowsWithBomBlankLinesAndCrlf_ReadsEveryLabel()
    {
        var labels = GroundTruthCsv.Labels("gt.csv", ["\uFEFFa.wav,1", "", "b.wav,0\r", "c.wav, 1 ,extra"]);
        Assert.Equal(new Dictionary<string, int> { ["a.wav"] = 1, ["b.wav"] = 0, ["c.wav"] = 1 }, labels);
    }

    [Theory]
    [InlineData("a.wav,2", "gt.csv:1: label '2' of a.wav is not 0 (normal) or 1 (anomaly)")]
    [InlineData("a.wav,anomaly", "gt.csv:1: label 'anomaly' of a.wav is not 0 (normal) or 1 (anomaly)")]
    [InlineData("a.wav", "gt.csv:1: expected 'name,label', got 'a.wav'")]
    public void Labels_BadRow_IsBadDataWithFileAndLine(string row, string message)
    {
        var error = Assert.Throws<AsdException>(() => GroundTruthCsv.Labels("gt.csv", [row]));
        Assert.Equal(ErrorCode.CheckFailed, error.Code);
        Assert.Equal(1, error.ExitCode);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Labels_DuplicateName_NamesBothLines()
    {
        var error = Assert.Throws<AsdException>(() => GroundTruthCsv.Labels("gt.csv", ["a.wav,1", "b.wav,0", "a.wav,1"]));
        Assert.Equal("gt.csv:3: duplicate row for a.wav (first at line 1)", error.Message);
    }

    [Fact]
    public void Labels_SeveralBadRows_ReportsEachAtOnce()
    {
        var error = Assert.Throws<AsdException>(() => GroundTruthCsv.Labels("gt.csv", ["a.wav,x", "b.wav,0", "b.wav,0"]));
        Assert.Equal(["gt.csv:1: label 'x' of a.wav is not 0 (normal) or 1 (anomaly)", "gt.csv:3: duplicate row for b.wav (first at line 2)"], error.Details);
        Assert.StartsWith("gt.csv: 2 bad row(s); the first: gt.csv:1:", error.Message);
    }

    [Fact]
    public void Domains_DigitsAndWords_MapToSourceAndTarget_OtherValuesRefused()
    {
        Assert.Equal(new Dictionary<string, string> { ["a"] = "source", ["b"] = "target", ["c"] = "source", ["d"] = "target" },
            GroundTruthCsv.Domains("d.csv", ["a,0", "b,1", "c,source", "d,target"]));
        var error = Assert.Throws<AsdException>(() => GroundTruthCsv.Domains("d.csv", ["a,2"]));
        Assert.Equal("d.csv:1: domain '2' of a is not 0 or source, 1 or target", error.Message);
    }
}

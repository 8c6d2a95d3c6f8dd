using System.Text;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Scoring.Activities.Import;

namespace Asd.Workflow.Scoring.Tests.Activities.Import;

public sealed class ImportedScoreFileTests
{
    private const string Path = "scores/anomaly_score_fan_section_00_test.csv";

    private static readonly ClipInventory Inventory = new("fan", "00", ClipInventory.Test,
    [
        new ClipEntry("a.wav", "test/a.wav", "x", ClipInventory.Test, "source"),
        new ClipEntry("b.wav", "test/b.wav", "x", ClipInventory.Test, "target"),
        new ClipEntry("c.wav", "test/c.wav", "x", ClipInventory.Test, "source"),
    ]);

    private static ScoreTable Read(string text) => ImportedScoreFile.Read(Path, Encoding.UTF8.GetBytes(text), Inventory);

    [Fact]
    public void Read_RowsInAnyOrderWithCrlf_GivesInventoryOrderWithDomainsAndExactScores()
    {
        var table = Read("c.wav,0.30000000000000004\r\nb.wav,-1e-300\r\n\r\na.wav,7\r\n");
        Assert.Equal(["a.wav", "b.wav", "c.wav"], table.Rows.Select(r => r.Clip));
        Assert.Equal(["source", "target", "source"], table.Rows.Select(r => r.Domain));
        Assert.Equal([7, -1e-300, 0.30000000000000004], table.Scores);
    }

    [Theory]
    [InlineData("a.wav,1\nb.wav,inf\nc.wav,2\n", $"{Path}:2: score 'inf' of b.wav is not a finite number; write a finite decimal number")]
    [InlineData("a.wav,1\nb.wav,NaN\nc.wav,2\n", $"{Path}:2: score 'NaN' of b.wav is not a finite number; write a finite decimal number")]
    [InlineData("a.wav,1\nb.wav\nc.wav,2\n", $"{Path}:2: expected 'name,score', got 'b.wav'")]
    [InlineData("a.wav,1\nb.wav,2\nc.wav,3\na.wav,4\n", $"{Path}:4: duplicate row for a.wav (first at line 1)")]
    [InlineData("a.wav,1\nb.wav,2\nc.wav,3\nd.wav,4\n", $"{Path}:4: d.wav is not a test clip of fan section 00")]
    [InlineData("a.wav,1\nc.wav,3\n", $"{Path}: no row for 1 test clip(s): b.wav")]
    public void Read_BadFile_IsOneBadDataLineWithFileAndLine(string text, string message)
    {
        var error = Assert.Throws<AsdException>(() => Read(text));
        Assert.Equal(ErrorCode.CheckFailed, error.Code);
        Assert.Equal(1, error.ExitCode);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Read_SeveralProblems_ReportsEveryOneAtOnce()
    {
        var error = Assert.Throws<AsdException>(() => Read("a.wav,x\nz.wav,1\n"));
        Assert.Equal([$"{Path}:1: score 'x' of a.wav is not a number; write a finite decimal number", $"{Path}:2: z.wav is not a test clip of fan section 00", $"{Path}: no row for 2 test clip(s): b.wav, c.wav"], error.Details);
    }
}

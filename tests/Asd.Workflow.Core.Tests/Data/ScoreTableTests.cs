using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Core.Tests.Data;

public sealed class ScoreTableTests
{
    [Fact]
    public void ToCsv_ThenFromCsv_RoundTripsEveryField()
    {
        var table = new ScoreTable([new("a.wav", "source", 0.1, 1), new("b.WAV", "target", -2.5e-300, 0)]);
        Assert.Equal(table.Rows, ScoreTable.FromCsv(table.ToCsv()).Rows);
    }

    [Theory]
    [InlineData("a,b.wav")]
    [InlineData("a\"b.wav")]
    [InlineData("a\nb.wav")]
    public void ToCsv_ClipNameACsvRowCannotCarry_IsABadInputNotAnUnreadableTable(string clip)
    {
        var error = Assert.Throws<AsdException>(() => new ScoreTable([new(clip, "source", 0.5)]).ToCsv());
        Assert.Equal(ErrorCode.BadInput, error.Code);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("holds a comma, quote or line break", error.Message);
    }
}

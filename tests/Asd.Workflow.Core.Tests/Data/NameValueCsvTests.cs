using System.Text;
using Asd.Workflow.Core.Data;

namespace Asd.Workflow.Core.Tests.Data;

public sealed class NameValueCsvTests
{
    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("1", 1.0)]
    public void Check_Decision0Or1_IsItsValue(string text, double expected)
    {
        Assert.Null(NameValueCsv.Check(NameValueKind.Decision, "a.wav", text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("0.0")]
    [InlineData("+1")]
    [InlineData("1 ")]
    [InlineData("01")]
    [InlineData("2")]
    [InlineData("")]
    public void Check_DecisionWrittenOtherwise_SaysWhatToWrite(string text) =>
        Assert.Equal($"decision '{text}' of a.wav is not 0 or 1; write 0 (normal) or 1 (anomaly)", NameValueCsv.Check(NameValueKind.Decision, "a.wav", text, out _));

    [Theory]
    [InlineData("0.25", null)]
    [InlineData("-1E-300", null)]
    [InlineData("NaN", "score 'NaN' of a.wav is not a finite number; write a finite decimal number")]
    [InlineData("-inf", "score '-inf' of a.wav is not a finite number; write a finite decimal number")]
    [InlineData("x", "score 'x' of a.wav is not a number; write a finite decimal number")]
    public void Check_Score_FiniteNumbersOnly(string text, string? problem) =>
        Assert.Equal(problem, NameValueCsv.Check(NameValueKind.Score, "a.wav", text, out _));

    [Fact]
    public void Parse_DecisionFile_GoodRowsAndEveryBadRowWithItsLine()
    {
        var (rows, problems, bad) = NameValueCsv.Parse("d.csv", Encoding.UTF8.GetBytes("a.wav,1\r\nb.wav,1.0\n\nc.wav\nd.wav,0\n"), NameValueKind.Decision);
        Assert.Equal([("a.wav", 1.0, 1), ("d.wav", 0.0, 5)], rows.Select(r => (r.Name, r.Value, r.Line)));
        Assert.Equal(["d.csv:2: decision '1.0' of b.wav is not 0 or 1; write 0 (normal) or 1 (anomaly)", "d.csv:4: expected 'name,decision', got 'c.wav'"], problems);
        Assert.Equal(["b.wav", "c.wav"], bad.Order(StringComparer.Ordinal));
    }
}

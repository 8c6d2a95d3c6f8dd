using System.Globalization;
using System.Text.RegularExpressions;
using Asd.Workflow.Evaluation.Reports;

namespace Asd.Workflow.Evaluation.Tests.Reports;

public sealed class HtmlReportTests
{
    private static string Page => ReportFixture.Page;

    [Fact]
    public void Render_SameInputs_SameBytes() => Assert.Equal(Page, ReportFixture.Html());

    [Fact]
    public void Render_Header_NamesDatasetWorkflowManifestAndVersion()
    {
        Assert.Contains("<dt>data set</dt><dd>data/dev (inventory sha256:00ff)</dd><dt>workflow</dt><dd>demo (workflows/demo.yaml)</dd>", Page, StringComparison.Ordinal);
        Assert.Contains("<dt>manifest</dt><dd>not frozen", Page, StringComparison.Ordinal);
        Assert.Contains("<dt>asd</dt><dd>asd 1.0.0</dd>", Page, StringComparison.Ordinal);
        var frozen = ReportFixture.Html(ReportFixture.Header with { ManifestId = "sha256:abc" });
        Assert.Contains("<dt>manifest</dt><dd><code>sha256:abc</code></dd>", frozen, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Contents_LinkEverySectionAndMachine()
    {
        foreach (var id in new[] { "summary", "machines", "hardest", "candidates", "figures", "m-fan-00", "m-valve-00" })
        {
            Assert.Contains($"href=\"#{id}\"", Page, StringComparison.Ordinal);
            Assert.Contains($"id=\"{id}\"", Page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_SummaryTable_MarksTheBestOfEachColumn()
    {
        var (results, _) = ReportFixture.Build();
        var table = Regex.Match(Page, "<table id=\"summary-table\">(.*?)</table>").Groups[1].Value;
        var rows = Regex.Matches(table, "<tr><td>([^<]*)</td>(.*?)</tr>").ToDictionary(m => m.Groups[1].Value,
            m => Regex.Matches(m.Groups[2].Value, "<td( class=\"best\")?>([^<]*)</td>").Select(c => c.Groups[1].Success).ToArray());
        Assert.Equal(results.Select(r => r.System), rows.Keys);
        var bestH = results.MaxBy(r => r.Result.OfficialScore).System;
        var bestFp = results.Min(r => r.Result.TargetFpRatio); // lower is better; ties are all marked
        foreach (var (system, marks) in rows)
        {
            Assert.Equal(system == bestH, marks[0]);
            Assert.Equal(results.Single(r => r.System == system).Result.TargetFpRatio == bestFp, marks[5]);
        }
        Assert.Contains(rows.Values, marks => marks[5]);
        Assert.Contains("<dt>target FP ratio</dt><dd>share of target-domain normal test clips decided anomalous", Page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Figures_OneRocPerMachineAndOneHistogramPerSystem_AllWithAltText()
    {
        var images = Regex.Matches(Page, "<img [^>]*>").Select(m => m.Value).ToList();
        Assert.Equal(ReportFixture.Machines.Length * (1 + ReportFixture.Systems.Length), images.Count);
        Assert.All(images, img => Assert.Matches("alt=\"[^\"]{20,}\"", img));
        Assert.Equal(ReportFixture.Machines.Length, images.Count(i => i.Contains("alt=\"ROC curves on ", StringComparison.Ordinal)));
        Assert.Contains(images, i => i.Contains("alt=\"Score histogram of system_a on fan section 00: 20 normal and 20 anomalous test clips, train-normal threshold 1.000.\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_AuditTables_ArePresent()
    {
        Assert.Contains("<h2 id=\"hardest\">Hardest cells of system_a</h2>", Page, StringComparison.Ordinal);
        Assert.Matches("<table id=\"hardest-table\"><tr><th>Cell</th>.*?<tr><td>target AUC</td>", Page);
        Assert.Matches("<table id=\"candidates-table\">.*?<tr><td>proxy</td>.*?<td>0.000000</td><td>0.000000</td><td>0.000000</td></tr>", Page);
    }

    [Fact]
    public void Span_ThresholdOutsideTheScores_IsInside()
    {
        Assert.Equal((0.0, 5.0), ReportFigures.Span([0.0, 1.0, 2.0], 5.0));
        Assert.Equal((-1.0, 2.0), ReportFigures.Span([0.0, 1.0, 2.0], -1.0));
        Assert.Equal((3.0, 4.0), ReportFigures.Span([3.0, 3.0], null));
    }

    [Fact]
    public void Counts_EdgesFallInTheFirstAndLastBins_AndSumToTheClips()
    {
        var counts = ReportFigures.Counts([0.0, 0.0, 10.0, 4.99, 5.0], 0, 10);
        Assert.Equal(ReportFigures.Bins, counts.Length);
        Assert.Equal((2, 1, 1, 1, 5), (counts[0], counts[9], counts[10], counts[^1], counts.Sum()));
    }
}

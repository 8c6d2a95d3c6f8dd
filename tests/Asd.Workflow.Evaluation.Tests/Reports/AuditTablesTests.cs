using Asd.Workflow.Evaluation.Reports;

namespace Asd.Workflow.Evaluation.Tests.Reports;

public sealed class AuditTablesTests
{
    private static readonly IReadOnlyList<(string System, Asd.Workflow.Evaluation.Metrics.OverallResult Result)> Results = ReportFixture.Build().Results;

    [Fact]
    public void Of_NoPrimary_TakesTheHighestOfficialScore()
    {
        var audit = AuditTables.Of(Results);
        Assert.Equal(Results.MaxBy(r => r.Result.OfficialScore).System, audit.Primary);
        Assert.Equal("system_a", audit.Primary); // the fixture's widest margin
        Assert.Equal("proxy", audit.Reference);  // the first system
    }

    [Fact]
    public void Of_HardestCells_AreThePrimarysLowestPerMetricInAscendingOrder()
    {
        var audit = AuditTables.Of(Results, primary: "proxy", hardest: 1);
        var proxy = Results.Single(r => r.System == "proxy").Result.Sections;
        var lowestTarget = proxy.MinBy(s => s.AucTarget)!;
        var lowestPauc = proxy.MinBy(s => s.Pauc)!;
        Assert.Equal(
            [new HardCell("target AUC", lowestTarget.Machine, "00", lowestTarget.AucTarget), new HardCell("pAUC", lowestPauc.Machine, "00", lowestPauc.Pauc)],
            audit.Hardest);
        var all = AuditTables.Of(Results, primary: "proxy").Hardest; // 3 asked, 2 machines: both, lowest first
        Assert.Equal(4, all.Count);
        Assert.True(all[0].Value <= all[1].Value && all[2].Value <= all[3].Value);
    }

    [Fact]
    public void Of_Candidates_AreEverySystemMinusTheReference()
    {
        var audit = AuditTables.Of(Results, reference: "system_a");
        Assert.Equal(Results.Select(r => r.System), audit.Candidates.Select(c => c.System));
        var a = Results.Single(r => r.System == "system_a").Result;
        foreach (var (c, (_, r)) in audit.Candidates.Zip(Results))
        {
            Assert.Equal(r.OfficialScore - a.OfficialScore, c.DeltaH);
            Assert.Equal(r.MeanPauc - a.MeanPauc, c.DeltaPauc);
            Assert.Equal(r.TargetFpRatio - a.TargetFpRatio, c.DeltaTargetFp);
            Assert.Equal(r.TargetFpRatio, c.TargetFpRatio);
        }
        Assert.Equal(0.0, audit.Candidates.Single(c => c.System == "system_a").DeltaH);
    }

    [Fact]
    public void Markdown_AddsAuditSections_AfterTheTablesTheDemoPrints()
    {
        var before = ResultsTable.Markdown(Results).Split("\n\n| System | Machine")[0];
        var md = ResultsTable.Markdown(Results, AuditTables.Of(Results, primary: "proxy"));
        Assert.StartsWith(before + "\n\n| System | Machine", md, StringComparison.Ordinal);
        Assert.Contains("## Hardest cells of proxy\n", md, StringComparison.Ordinal);
        Assert.Contains("\n| Candidate | H | mean AUC | mean pAUC | target FP ratio | ΔH | Δ mean pAUC | Δ target FP |\n", md, StringComparison.Ordinal);
        Assert.Contains("| proxy | " + ResultsTable.F(Results[0].Result.OfficialScore) + " |", md, StringComparison.Ordinal);
        Assert.Contains(" | 0.000000 | 0.000000 | 0.000000 |\n", md, StringComparison.Ordinal); // the reference's own deltas
    }

    [Theory]
    [InlineData(0.00123, "+0.001230")]
    [InlineData(-0.5, "-0.500000")]
    [InlineData(0.0, "0.000000")]
    [InlineData(null, "–")]
    public void Signed_ShowsTheSign(double? value, string expected) => Assert.Equal(expected, ResultsTable.Signed(value));

    [Fact]
    public void Markdown_PerMachineTable_HasPaucPerDomain()
    {
        // the seed's per-machine table: source and target AUC and pAUC, each domain's pAUC over that domain's clips
        var md = ResultsTable.Markdown(Results);
        Assert.Contains("\n| System | Machine | Section | AUC source | AUC target | pAUC | pAUC source | pAUC target | target FP ratio |\n", md, StringComparison.Ordinal);
        foreach (var (system, result) in Results)
            foreach (var s in result.Sections)
            {
                Assert.True(s.PaucSource != s.PaucTarget, "the fixture's domains must differ for this test to tell them apart");
                Assert.Contains($"| {system} | {s.Machine} | {s.Section} | {ResultsTable.F(s.AucSource)} | {ResultsTable.F(s.AucTarget)} | {ResultsTable.F(s.Pauc)} | "
                    + $"{ResultsTable.F(s.PaucSource)} | {ResultsTable.F(s.PaucTarget)} | {ResultsTable.F(s.TargetFpRatio)} |", md, StringComparison.Ordinal);
            }
        Assert.Contains(">pAUC target</th>", ReportFixture.Page, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using Asd.Workflow.Evaluation.Metrics;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Evaluation.Tests.Metrics;

public sealed class DcaseMetricsTests
{
    private const double Tolerance = 1e-12;

    public static IEnumerable<object[]> CaseNames()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(FixturePath));
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray()) yield return [c.GetProperty("name").GetString()!];
    }

    private static string FixturePath => Path.Combine(RepoPaths.Shared, "fixtures", "metric", "cases.json");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Overall_OfficialFixture_MatchesScikitLearnTo1e12(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(FixturePath));
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
        var sections = c.GetProperty("sections").EnumerateArray().Select(ToSection).ToList();
        var overall = DcaseMetrics.Overall(sections);
        var expected = c.GetProperty("expected");
        foreach (var e in expected.GetProperty("sections").EnumerateArray())
        {
            var got = overall.Sections.Single(s => s.Machine == e.GetProperty("machine").GetString());
            Assert.Equal(e.GetProperty("auc_source").GetDouble(), got.AucSource, Tolerance);
            Assert.Equal(e.GetProperty("auc_target").GetDouble(), got.AucTarget, Tolerance);
            Assert.Equal(e.GetProperty("auc_all").GetDouble(), got.AucAll, Tolerance);
            Assert.Equal(e.GetProperty("pauc").GetDouble(), got.Pauc, Tolerance);
        }
        Assert.Equal(expected.GetProperty("official_score").GetDouble(), overall.OfficialScore, Tolerance);
        Assert.Equal(expected.GetProperty("hmean_auc_source").GetDouble(), overall.HmeanAucSource, Tolerance);
        Assert.Equal(expected.GetProperty("hmean_auc_target").GetDouble(), overall.HmeanAucTarget, Tolerance);
        Assert.Equal(expected.GetProperty("hmean_pauc").GetDouble(), overall.HmeanPauc, Tolerance);
    }

    [Fact]
    public void Section_StrictlyIncreasingTransformAndShuffledRows_GiveIdenticalValues()
    {
        var clips = RandomSection(seed: 3);
        var baseline = DcaseMetrics.Section("fan", "00", clips);
        var rng = new Random(11);
        var transformed = clips.Select(c => c with { Score = Math.Exp(3 * c.Score) + 7 }).OrderBy(_ => rng.Next()).ToList();
        var after = DcaseMetrics.Section("fan", "00", transformed);
        Assert.Equal(baseline.AucSource, after.AucSource, Tolerance);
        Assert.Equal(baseline.AucTarget, after.AucTarget, Tolerance);
        Assert.Equal(baseline.Pauc, after.Pauc, Tolerance);
    }

    [Fact]
    public void Auc_SignInversion_GivesOneMinusAuc()
    {
        var clips = RandomSection(seed: 5);
        var labels = clips.Select(c => c.Label).ToList();
        var auc = RocCurve.Auc(labels, clips.Select(c => c.Score).ToList());
        var inverted = RocCurve.Auc(labels, clips.Select(c => -c.Score).ToList());
        Assert.Equal(1 - auc, inverted, Tolerance);
        Assert.NotEqual(0.5, auc, 3);
    }

    [Fact]
    public void Auc_OneTiedPair_CountsOneHalf()
    {
        Assert.Equal(0.5, RocCurve.Auc([0, 1], [1.0, 1.0]), Tolerance);
        Assert.Equal(0.75, RocCurve.Auc([0, 0, 1], [0.0, 1.0, 1.0]), Tolerance);
    }

    private static List<LabeledScore> RandomSection(int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, 200).Select(i =>
        {
            var label = i % 2;
            var domain = (i / 2) % 2 == 0 ? "source" : "target";
            return new LabeledScore($"c{i:D3}", label, domain, rng.NextDouble() + 0.3 * label);
        }).ToList();
    }

    private static SectionResult ToSection(JsonElement s)
    {
        var files = s.GetProperty("file").EnumerateArray().Select(e => e.GetString()!).ToList();
        var labels = s.GetProperty("label").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var domains = s.GetProperty("domain").EnumerateArray().Select(e => e.GetInt32() == 1 ? "target" : "source").ToList();
        var scores = s.GetProperty("score").EnumerateArray().Select(e => e.GetDouble()).ToList();
        var clips = files.Select((f, i) => new LabeledScore(f, labels[i], domains[i], scores[i])).ToList();
        return DcaseMetrics.Section(s.GetProperty("machine").GetString()!, s.GetProperty("section").GetString()!, clips);
    }

    [Theory]
    [InlineData("target", 0, "no normal target clip")]
    [InlineData("source", 0, "no normal source clip")]
    [InlineData("source", 1, "no anomalous clip")]
    public void Section_ClassMissing_IsOneBadDataLineNamingMachineSectionAndClass(string dropDomain, int dropLabel, string missing)
    {
        var clips = new List<LabeledScore>
        {
            new("a", 0, "source", 0.1), new("b", 0, "target", 0.2), new("c", 1, "source", 0.9), new("d", 1, "target", 0.8),
        }.Where(c => !(c.Label == dropLabel && (c.Domain == dropDomain || dropLabel == 1))).ToList();
        var error = Assert.Throws<Core.Errors.AsdException>(() => DcaseMetrics.Section("fan", "00", clips));
        Assert.Equal(Core.Errors.ErrorCode.CheckFailed, error.Code);
        Assert.StartsWith($"fan section 00: the scored test clips include {missing};", error.Message);
    }
}

using System.Text.Json;
using Asd.Workflow.Evaluation.Metrics;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Evaluation.Tests.Metrics;

/// <summary>
/// The official result CSV against the one scikit-learn, scipy and numpy write for the same scores and decisions
/// (Reference/official_result.py, its versions in its header): byte for byte, every number to the last bit.
/// </summary>
public sealed class OfficialResultCsvReferenceTests
{
    private static string Folder => Path.Combine(RepoPaths.Root, "tests", "Asd.Workflow.Evaluation.Tests", "Metrics", "Reference");

    [Theory]
    [InlineData("dcase-shaped-continuous")]
    [InlineData("heavy-ties-one-decimal")]
    [InlineData("unbalanced-domains")]
    public void Write_FixtureCaseDecidedAboveTheMedian_EqualsThePythonToolsCsv(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Shared, "fixtures", "metric", "cases.json")));
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
        var sections = c.GetProperty("sections").EnumerateArray().Select(s =>
        {
            var files = s.GetProperty("file").EnumerateArray().Select(e => e.GetString()!).ToList();
            var labels = s.GetProperty("label").EnumerateArray().Select(e => e.GetInt32()).ToList();
            var domains = s.GetProperty("domain").EnumerateArray().Select(e => e.GetInt32() == 1 ? "target" : "source").ToList();
            var scores = s.GetProperty("score").EnumerateArray().Select(e => e.GetDouble()).ToList();
            var median = Median(scores);
            var clips = files.Select((f, i) => new LabeledScore(f, labels[i], domains[i], scores[i], scores[i] > median ? 1 : 0)).ToList();
            return DcaseMetrics.Section(s.GetProperty("machine").GetString()!, s.GetProperty("section").GetString()!, clips);
        }).ToList();
        Assert.Equal(File.ReadAllText(Path.Combine(Folder, $"{name}.csv")), OfficialResultCsv.Write(DcaseMetrics.Overall(sections)));
    }

    // numpy.median: the middle value, or the mean of the two middle values.
    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}

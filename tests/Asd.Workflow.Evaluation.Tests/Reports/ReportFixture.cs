using Asd.Workflow.Evaluation.Metrics;
using Asd.Workflow.Evaluation.Reports;

namespace Asd.Workflow.Evaluation.Tests.Reports;

/// <summary>
/// A small seeded evaluation: machines × systems, 10 clips per (domain, label) cell, with decisions at a
/// threshold; each system separates the classes by a different margin, so the tables have a known best.
/// </summary>
internal static class ReportFixture
{
    public static readonly string[] Machines = ["fan", "valve"];

    /// <summary>System name and the score shift of anomalies (larger: easier).</summary>
    public static readonly (string Name, double Shift)[] Systems = [("proxy", 0.4), ("system_a", 1.2), ("system_d", 0.8)];

    public static (IReadOnlyList<(string System, OverallResult Result)> Results, IReadOnlyList<SystemCurves> Curves) Build(int seed = 7)
    {
        var results = new List<(string, OverallResult)>();
        var curves = new List<SystemCurves>();
        foreach (var (system, shift) in Systems)
        {
            var rng = new Random(seed);
            var sections = new List<SectionResult>();
            var drawn = new List<SectionCurves>();
            foreach (var machine in Machines)
            {
                const double threshold = 1.0;
                var clips = new List<LabeledScore>();
                foreach (var domain in new[] { "source", "target" })
                    for (var label = 0; label <= 1; label++)
                        for (var i = 0; i < 10; i++)
                        {
                            var score = Normal(rng) + label * shift + (domain == "target" ? 0.3 : 0) + (machine == "valve" ? -0.2 * shift : 0);
                            clips.Add(new LabeledScore($"section_00_{domain}_test_{(label == 1 ? "anomaly" : "normal")}_{i:0000}.wav", label, domain, score, score > threshold ? 1 : 0));
                        }
                sections.Add(DcaseMetrics.Section(machine, "00", clips));
                drawn.Add(new SectionCurves(machine, "00", threshold, clips));
            }
            results.Add((system, DcaseMetrics.Overall(sections)));
            curves.Add(new SystemCurves(system, drawn));
        }
        return (results, curves);
    }

    public static readonly ReportHeader Header = new("data/dev (inventory sha256:00ff)", "demo (workflows/demo.yaml)", null, "asd 1.0.0");

    /// <summary>The page for <see cref="Header"/>, rendered once for the tests that only read it.</summary>
    public static string Page => LazyPage.Value;

    private static readonly Lazy<string> LazyPage = new(() => Html());

    public static string Html(ReportHeader? header = null)
    {
        var (results, curves) = Build();
        return HtmlReport.Render("Demo systems", header ?? Header, results, AuditTables.Of(results), curves);
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}

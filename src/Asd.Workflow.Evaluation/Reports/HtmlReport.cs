using System.Globalization;
using System.Net;
using System.Text;
using Asd.Workflow.Evaluation.Metrics;
using ScottPlot;

namespace Asd.Workflow.Evaluation.Reports;

/// <summary>What the HTML report draws for one (system, machine, section).</summary>
public sealed record SectionCurves(string Machine, string Section, double? Threshold, IReadOnlyList<LabeledScore> Clips);

public sealed record SystemCurves(string System, IReadOnlyList<SectionCurves> Sections);

/// <summary>
/// An HTML report: the results tables, then per system and machine the ROC curves (all clips, and each
/// domain's normals against all anomalies) and score histograms per domain and label with the train-normal
/// decision threshold marked. Figures are ScottPlot PNGs embedded in the page.
/// </summary>
public static class HtmlReport
{
    public static string Render(string title, IReadOnlyList<(string System, OverallResult Result)> results, IReadOnlyList<SystemCurves> curves)
    {
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{Enc(title)}</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#eee}figure{display:inline-block;margin:4px}</style></head><body>")
            .Append($"<h1>{Enc(title)}</h1>");
        html.Append("<table><tr><th>System</th><th>H</th><th>mean AUC</th><th>mean pAUC</th><th>source AUC</th><th>target AUC</th><th>target FP ratio</th></tr>");
        foreach (var (name, r) in results)
            html.Append($"<tr><td>{Enc(name)}</td><td>{F(r.OfficialScore)}</td><td>{F(r.MeanAuc)}</td><td>{F(r.MeanPauc)}</td><td>{F(r.MeanAucSource)}</td><td>{F(r.MeanAucTarget)}</td><td>{F(r.TargetFpRatio)}</td></tr>");
        html.Append("</table>");
        foreach (var system in curves)
        {
            html.Append($"<h2>{Enc(system.System)}</h2>");
            foreach (var s in system.Sections)
            {
                html.Append($"<h3>{Enc(s.Machine)} section {Enc(s.Section)}</h3>");
                html.Append("<figure>").Append(Roc(s).GetPngHtml(420, 340)).Append("</figure>");
                html.Append("<figure>").Append(Histogram(s).GetPngHtml(520, 340)).Append("</figure>");
            }
        }
        return html.Append("</body></html>\n").ToString();
    }

    private static Plot Roc(SectionCurves s)
    {
        var plot = new Plot();
        void Curve(string label, IReadOnlyList<LabeledScore> clips)
        {
            if (clips.All(c => c.Label == 1) || clips.All(c => c.Label == 0)) return;
            var (fpr, tpr) = RocCurve.Compute(clips.Select(c => c.Label).ToList(), clips.Select(c => c.Score).ToList());
            plot.Add.Scatter(fpr, tpr).LegendText = label;
        }
        var anomalies = s.Clips.Where(c => c.Label == 1).ToList();
        Curve("all", s.Clips);
        foreach (var domain in new[] { "source", "target" })
            Curve(domain, s.Clips.Where(c => c.Label == 0 && c.Domain == domain).Concat(anomalies).ToList());
        plot.Add.VerticalLine(DcaseMetrics.MaxFpr).LegendText = "FPR 0.1 (pAUC)";
        plot.Title("ROC");
        plot.XLabel("false-positive rate");
        plot.YLabel("true-positive rate");
        plot.ShowLegend();
        return plot;
    }

    private static Plot Histogram(SectionCurves s)
    {
        var plot = new Plot();
        var min = s.Clips.Min(c => c.Score);
        var max = s.Clips.Max(c => c.Score);
        const int bins = 20;
        var width = (max - min) / bins;
        if (width <= 0) width = 1;
        var offset = 0;
        foreach (var group in s.Clips.GroupBy(c => (c.Domain, c.Label)).OrderBy(g => g.Key.Domain, StringComparer.Ordinal).ThenBy(g => g.Key.Label))
        {
            var counts = new double[bins];
            foreach (var c in group) counts[Math.Min(bins - 1, (int)((c.Score - min) / width))]++;
            var positions = Enumerable.Range(0, bins).Select(i => min + (i + 0.2 + 0.2 * offset) * width).ToArray();
            var bars = plot.Add.Bars(positions, counts);
            foreach (var bar in bars.Bars) bar.Size = width * 0.2;
            bars.LegendText = $"{group.Key.Domain} {(group.Key.Label == 1 ? "anomaly" : "normal")}";
            offset++;
        }
        if (s.Threshold is { } t) plot.Add.VerticalLine(t).LegendText = "train-normal threshold";
        plot.Title("Scores");
        plot.XLabel("anomaly score");
        plot.YLabel("clips");
        plot.ShowLegend();
        return plot;
    }

    private static string F(double? v) => v is null ? "–" : v.Value.ToString("0.000000", CultureInfo.InvariantCulture);
    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}

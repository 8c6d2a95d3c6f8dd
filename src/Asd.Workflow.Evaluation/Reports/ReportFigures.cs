using System.Globalization;
using Asd.Workflow.Evaluation.Metrics;
using ScottPlot;

namespace Asd.Workflow.Evaluation.Reports;

/// <summary>
/// The report's figures, drawn with ScottPlot: per machine one ROC plot with every system, and per system a
/// score histogram. Legends sit outside the data area; histogram axes always span the scores and the
/// train-normal threshold, count ticks are integers and empty bins draw nothing.
/// </summary>
public static class ReportFigures
{
    /// <summary>A rendered PNG with its size and alt text.</summary>
    public sealed record Image(byte[] Png, int Width, int Height, string Alt);

    public const int Bins = 20;

    public static Image Roc(string machine, string section, IReadOnlyList<(string System, SectionCurves Curves)> systems)
    {
        var plot = new Plot();
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LineColor = Colors.Gray; chance.LinePattern = LinePattern.Dotted; chance.LegendText = "chance";
        var described = new List<string>();
        foreach (var (system, curves) in systems)
        {
            var labels = curves.Clips.Select(c => c.Label).ToList();
            if (labels.All(l => l == 1) || labels.All(l => l == 0)) continue; // no curve without both classes
            var scores = curves.Clips.Select(c => c.Score).ToList();
            var (fpr, tpr) = RocCurve.Compute(labels, scores);
            var auc = RocCurve.Auc(labels, scores);
            var line = plot.Add.ScatterLine(fpr, tpr);
            line.LegendText = $"{system} (AUC {N(auc)})";
            line.LineWidth = 2;
            described.Add($"{system} AUC {N(auc)}");
        }
        var limit = plot.Add.VerticalLine(DcaseMetrics.MaxFpr);
        limit.LinePattern = LinePattern.Dashed; limit.LineColor = Colors.Black.WithAlpha(0.5); limit.LegendText = $"FPR {DcaseMetrics.MaxFpr} (pAUC)";
        plot.Axes.SetLimits(0, 1, 0, 1.02);
        plot.Title($"{machine} section {section}: ROC");
        plot.XLabel("false-positive rate");
        plot.YLabel("true-positive rate");
        plot.ShowLegend(Edge.Right);
        return Render(plot, 600, 360, $"ROC curves on {machine} section {section}: {string.Join(", ", described)}.");
    }

    public static Image Histogram(string system, SectionCurves s)
    {
        var plot = new Plot();
        var (lo, hi) = Span(s.Clips.Select(c => c.Score).ToList(), s.Threshold);
        var width = (hi - lo) / Bins;
        var groups = new (string Label, Func<LabeledScore, bool> Member)[]
        {
            ("normal source", c => c.Label == 0 && c.Domain == "source"),
            ("normal target", c => c.Label == 0 && c.Domain == "target"),
            ("anomaly", c => c.Label == 1),
        };
        var most = 0;
        for (var g = 0; g < groups.Length; g++)
        {
            var counts = Counts(s.Clips.Where(groups[g].Member).Select(c => c.Score), lo, hi);
            most = Math.Max(most, counts.Max());
            // Side by side within a bin; an empty bin draws no bar (a zero-height bar would draw a dash).
            var bars = Enumerable.Range(0, Bins).Where(i => counts[i] > 0).Select(i => new Bar
            {
                Position = lo + (i + (g + 0.5) / groups.Length) * width,
                Value = counts[i],
                Size = width / groups.Length * 0.9,
                FillColor = Palette(g),
                LineWidth = 0,
            }).ToList();
            if (bars.Count == 0) continue;
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{groups[g].Label} ({s.Clips.Count(groups[g].Member)})", FillColor = Palette(g) });
        }
        if (s.Threshold is { } t)
        {
            var line = plot.Add.VerticalLine(t);
            line.LineColor = Colors.Black; line.LinePattern = LinePattern.Dashed;
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"threshold {N(t)}", LineColor = Colors.Black, LinePattern = LinePattern.Dashed, LineWidth = 1 });
        }
        plot.Axes.SetLimits(lo - width, hi + width, 0, most + 1);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true, MinorTickGenerator = new ScottPlot.TickGenerators.EvenlySpacedMinorTickGenerator(0), // counts: no ticks between integers
        };
        plot.Title($"{system}");
        plot.XLabel("anomaly score");
        plot.YLabel("clips");
        plot.ShowLegend(Edge.Bottom);
        var normals = s.Clips.Count(c => c.Label == 0);
        return Render(plot, 380, 340, $"Score histogram of {system} on {s.Machine} section {s.Section}: {normals} normal and {s.Clips.Count - normals} anomalous test clips" +
            (s.Threshold is { } th ? $", train-normal threshold {N(th)}." : "."));
    }

    /// <summary>The histogram's score span: every score and the threshold inside it; a single value gets a unit span.</summary>
    public static (double Lo, double Hi) Span(IReadOnlyList<double> scores, double? threshold)
    {
        var lo = threshold is { } a ? Math.Min(scores.Min(), a) : scores.Min();
        var hi = threshold is { } b ? Math.Max(scores.Max(), b) : scores.Max();
        return hi > lo ? (lo, hi) : (lo, lo + 1);
    }

    /// <summary>Clips per bin of [lo, hi] in <see cref="Bins"/> equal bins; the top edge falls in the last bin.</summary>
    public static int[] Counts(IEnumerable<double> scores, double lo, double hi)
    {
        var counts = new int[Bins];
        var width = (hi - lo) / Bins;
        foreach (var x in scores) counts[Math.Clamp((int)((x - lo) / width), 0, Bins - 1)]++;
        return counts;
    }

    private static Color Palette(int i) => new ScottPlot.Palettes.Category10().GetColor(i);

    private static Image Render(Plot plot, int width, int height, string alt) => new(plot.GetImageBytes(width, height, ImageFormat.Png), width, height, alt);

    private static string N(double x) => x.ToString("0.000", CultureInfo.InvariantCulture);
}

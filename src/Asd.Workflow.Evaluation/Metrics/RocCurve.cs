namespace Asd.Workflow.Evaluation.Metrics;

/// <summary>
/// ROC curve and (partial) AUC exactly as scikit-learn computes them (<c>roc_curve</c> with
/// drop_intermediate, <c>roc_auc_score</c> with and without <c>max_fpr</c>): one vertex per distinct score, so
/// ties count one half; trapezoidal area; the segment crossing max_fpr linearly interpolated; McClish
/// standardisation of the partial area.
/// </summary>
public static class RocCurve
{
    /// <summary>(fpr, tpr) with the leading (0, 0) vertex. Labels: 1 = anomaly (positive).</summary>
    public static (double[] Fpr, double[] Tpr) Compute(IReadOnlyList<int> labels, IReadOnlyList<double> scores)
    {
        var n = scores.Count;
        if (n != labels.Count) throw new ArgumentException("labels and scores differ in length");
        var order = Enumerable.Range(0, n).ToArray();
        // Descending by score; stable so equal scores keep their order (irrelevant to the result, kept for parity).
        Array.Sort(order, (a, b) => scores[b].CompareTo(scores[a]) is var c && c != 0 ? c : a.CompareTo(b));
        var tps = new List<double>();
        var fps = new List<double>();
        double tp = 0;
        for (var i = 0; i < n; i++)
        {
            tp += labels[order[i]];
            var last = i == n - 1 || scores[order[i]] != scores[order[i + 1]];
            if (!last) continue;
            tps.Add(tp);
            fps.Add(1 + i - tp);
        }
        if (tps.Count > 2) (tps, fps) = DropIntermediate(tps, fps);
        tps.Insert(0, 0); fps.Insert(0, 0);
        var fpMax = fps[^1]; var tpMax = tps[^1];
        if (fpMax <= 0 || tpMax <= 0)
            throw new ArgumentException("ROC AUC needs both normal and anomalous clips");
        return (fps.Select(f => f / fpMax).ToArray(), tps.Select(t => t / tpMax).ToArray());
    }

    public static double Auc(IReadOnlyList<int> labels, IReadOnlyList<double> scores)
    {
        var (fpr, tpr) = Compute(labels, scores);
        return Trapezoid(fpr, tpr, fpr.Length);
    }

    /// <summary>scikit-learn's roc_auc_score(max_fpr=p): McClish-standardised partial AUC over FPR [0, p].</summary>
    public static double PartialAuc(IReadOnlyList<int> labels, IReadOnlyList<double> scores, double maxFpr = 0.1)
    {
        var (fpr, tpr) = Compute(labels, scores);
        var stop = 0;
        while (stop < fpr.Length && fpr[stop] <= maxFpr) stop++; // searchsorted(side="right")
        double x0 = fpr[stop - 1], x1 = fpr[stop], y0 = tpr[stop - 1], y1 = tpr[stop];
        var slope = (y1 - y0) / (x1 - x0);
        var x = new double[stop + 1]; var y = new double[stop + 1];
        Array.Copy(fpr, x, stop); Array.Copy(tpr, y, stop);
        x[stop] = maxFpr;
        y[stop] = slope * (maxFpr - x0) + y0;
        var partial = Trapezoid(x, y, stop + 1);
        var minArea = 0.5 * maxFpr * maxFpr;
        return 0.5 * (1 + (partial - minArea) / (maxFpr - minArea));
    }

    // numpy.trapz as sklearn.metrics.auc calls it: the terms dx·(y[i] + y[i−1])/2 summed in numpy's pairwise order,
    // so an AUC is bit-identical to scikit-learn's, not only within a tolerance.
    private static double Trapezoid(double[] x, double[] y, int count)
    {
        var terms = new double[Math.Max(0, count - 1)];
        for (var i = 1; i < count; i++) terms[i - 1] = (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2.0;
        return NumpySum.Pairwise(terms);
    }

    /// <summary>Drops vertices collinear with their neighbours (second difference zero in both fps and tps).</summary>
    private static (List<double>, List<double>) DropIntermediate(List<double> tps, List<double> fps)
    {
        var keepT = new List<double> { tps[0] };
        var keepF = new List<double> { fps[0] };
        for (var i = 1; i < tps.Count - 1; i++)
        {
            var d2f = fps[i + 1] - 2 * fps[i] + fps[i - 1];
            var d2t = tps[i + 1] - 2 * tps[i] + tps[i - 1];
            if (d2f != 0 || d2t != 0) { keepT.Add(tps[i]); keepF.Add(fps[i]); }
        }
        keepT.Add(tps[^1]); keepF.Add(fps[^1]);
        return (keepT, keepF);
    }
}

namespace Asd.Workflow.Scoring.Calibration;

/// <summary>Robust z statistics of one group of train-normal scores: z = (s − median) / (IQR + ε).</summary>
public sealed record RobustZ(string Group, int Count, double Median, double Iqr, double Epsilon)
{
    public static RobustZ Fit(string group, IReadOnlyList<double> trainScores, double epsilon)
    {
        var median = Ecdf.Quantile(trainScores, 0.5);
        var iqr = Ecdf.Quantile(trainScores, 0.75) - Ecdf.Quantile(trainScores, 0.25);
        return new RobustZ(group, trainScores.Count, median, iqr, epsilon);
    }

    public double Apply(double score) => (score - Median) / (Iqr + Epsilon);
}

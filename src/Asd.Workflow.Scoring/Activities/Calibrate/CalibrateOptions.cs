using System.ComponentModel.DataAnnotations;

namespace Asd.Workflow.Scoring.Activities.Calibrate;

/// <summary>Options of the calibrate activity.</summary>
public sealed record CalibrateOptions
{
    /// <summary>robust-z: (s − median) / (IQR + ε) over the train-normal out-of-fold scores.</summary>
    [AllowedValues("robust-z")] public string Method { get; init; } = "robust-z";

    /// <summary>Separate statistics per domain (source/target); clips of unknown domain use the pooled ones.</summary>
    public bool PerDomain { get; init; }

    /// <summary>ε added to the IQR; default 1e-6.</summary>
    [Range(0, 1)] public double Epsilon { get; init; } = 1e-6;
}

/// <summary>The calibration artifact: per group statistics and the train-normal z values (its empirical CDF).</summary>
public sealed record CalibrationStats(string Method, IReadOnlyList<Calibration.RobustZ> Groups, IReadOnlyList<double> TrainZ);

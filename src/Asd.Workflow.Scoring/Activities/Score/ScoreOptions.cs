using System.ComponentModel.DataAnnotations;

namespace Asd.Workflow.Scoring.Activities.Score;

/// <summary>Options of the score activity.</summary>
public sealed record ScoreOptions
{
    /// <summary>knn, mahalanobis, or localized (frame-level matching of logmel-frames).</summary>
    [AllowedValues("knn", "mahalanobis", "localized")] public string Method { get; init; } = "knn";

    /// <summary>Neighbours averaged by knn; default 1.</summary>
    [Range(1, 1000)] public int K { get; init; } = 1;

    /// <summary>knn distance: cosine (default) or euclidean.</summary>
    [AllowedValues("cosine", "euclidean")] public string Metric { get; init; } = "cosine";

    /// <summary>
    /// Reference banks: "min" scores against the source and the target train-normal banks and keeps the
    /// smaller score (default); "pooled" uses one bank of both; "source"/"target" use one domain's bank.
    /// </summary>
    [AllowedValues("min", "pooled", "source", "target")] public string Banks { get; init; } = "min";

    /// <summary>
    /// How train clips are scored: "kfold" against the train clips outside their fold (default), "loo" against
    /// every other train clip (leave-one-out: the direct setting, one bank per clip).
    /// </summary>
    [AllowedValues("kfold", "loo")] public string TrainScores { get; init; } = "kfold";

    /// <summary>Folds for out-of-fold train scores; default 5.</summary>
    [Range(2, 100)] public int Folds { get; init; } = 5;

    /// <summary>Seed of the fold assignment; default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Mahalanobis shrinkage δ in [0, 1]; −1 = Ledoit–Wolf estimate (default).</summary>
    [Range(-1, 1)] public double Shrinkage { get; init; } = -1;

    /// <summary>Localized: the clip score averages this many largest frame distances; default 8.</summary>
    [Range(1, 10000)] public int TopFrames { get; init; } = 8;
}

using System.ComponentModel.DataAnnotations;

namespace Asd.Workflow.Scoring.Activities.Import;

/// <summary>Options of the import activity.</summary>
public sealed record ImportOptions
{
    /// <summary>
    /// The folder with the producer's score files (resolved against the working folder, like the data set):
    /// <c>anomaly_score_&lt;machine&gt;_section_&lt;SS&gt;_test.csv</c> (the challenge's layout) and
    /// <c>anomaly_score_&lt;machine&gt;_section_&lt;SS&gt;_train.csv</c> (the same rows for the train clips).
    /// </summary>
    public string From { get; init; } = "";

    /// <summary>
    /// How the producer scored the train clips, declared by the producer and reported by <c>asd audit</c>:
    /// "out_of_fold" (each train clip scored by a model that did not see it) or "in_sample" (by a model fitted on
    /// it, which makes train-normal calibration optimistic). Required: asd cannot check it.
    /// </summary>
    [AllowedValues("", "out_of_fold", "in_sample")] public string TrainScores { get; init; } = "";
}

/// <summary>What an import shard read, as stored beside its score tables (port "imported").</summary>
public sealed record ImportedFiles(string TrainScores, string TestFile, string TestSha256, string TrainFile, string TrainSha256);

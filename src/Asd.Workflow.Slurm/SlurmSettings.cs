namespace Asd.Workflow.Slurm;

/// <summary>
/// How the Slurm executor submits jobs: from <c>--slurm-partition</c>/<c>--slurm-account</c>, the <c>slurm:</c>
/// section of asd.yaml and built-in defaults (flags over the file over defaults), read once by the CLI.
/// </summary>
public sealed record SlurmSettings
{
    /// <summary>Partition for every job (<c>--partition</c>); null: the cluster's default.</summary>
    public string? Partition { get; init; }

    /// <summary>Partition for jobs that ask for a GPU; null: <see cref="Partition"/>.</summary>
    public string? GpuPartition { get; init; }

    /// <summary>Account charged (<c>--account</c>); null: the user's default.</summary>
    public string? Account { get; init; }

    /// <summary>Jobs in flight at once (submitted, not finished), 1–10000; default 64.</summary>
    public int MaxJobs { get; init; } = 64;

    /// <summary>Shards per job for stages whose <c>resources:</c> give no <c>batch</c>; default 1.</summary>
    public int Batch { get; init; } = 1;

    /// <summary>Shell lines run in the job before asd starts (e.g. <c>module load dotnet/10</c>).</summary>
    public IReadOnlyList<string> Setup { get; init; } = [];

    /// <summary>Extra sbatch options, one per entry (e.g. <c>--qos=short</c>).</summary>
    public IReadOnlyList<string> SbatchOptions { get; init; } = [];

    /// <summary>How a node starts asd (program and arguments before <c>exec-shard</c>); empty: the coordinator's own binary.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Longest wait between two <c>squeue</c> queries; they start at 0.25 s and slow down while nothing changes. Default 2 s.</summary>
    public TimeSpan MaxPoll { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Cancel every other job as soon as one shard fails (default), rather than let independent shards finish.</summary>
    public bool FailFast { get; init; } = true;
}

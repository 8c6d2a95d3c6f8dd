namespace Asd.Workflow.Slurm.Jobs;

/// <summary>The Slurm client commands the executor uses: sbatch, squeue (scontrol for a job squeue no longer lists), scancel.</summary>
public interface ISlurmCommands
{
    /// <summary>Fails with a BadInput naming what is missing when the Slurm client commands cannot be run.</summary>
    Task CheckAvailableAsync(CancellationToken cancellationToken);

    /// <summary>Submits a batch script; returns the job id.</summary>
    Task<string> SubmitAsync(string scriptPath, CancellationToken cancellationToken);

    /// <summary>The states of these jobs; a job Slurm has forgotten is absent.</summary>
    Task<IReadOnlyDictionary<string, JobState>> QueryAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken);

    /// <summary>Ids and names of this user's jobs that are not finished.</summary>
    Task<IReadOnlyList<(string Id, string Name)>> ListMineAsync(CancellationToken cancellationToken);

    Task CancelAsync(IReadOnlyCollection<string> jobIds);
}

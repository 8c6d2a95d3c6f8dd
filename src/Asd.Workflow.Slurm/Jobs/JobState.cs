namespace Asd.Workflow.Slurm.Jobs;

/// <summary>A job's state as squeue or scontrol print it (e.g. PENDING, RUNNING, COMPLETED, TIMEOUT) and Slurm's reason.</summary>
public sealed record JobState(string State, string Reason)
{
    private static readonly HashSet<string> Terminal =
    [
        "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "PREEMPTED", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE", "SPECIAL_EXIT", "REVOKED",
    ];

    /// <summary>Whether the job will not run (any more): completed, failed, cancelled, timed out…</summary>
    public bool IsFinished => Terminal.Contains(State);

    public bool Succeeded => State == "COMPLETED";

    /// <summary>
    /// Parses one line of <c>squeue -h -o "%i|%T|%r"</c>. A state may carry a suffix ("CANCELLED by 0"); only the first word counts.
    /// </summary>
    public static (string Id, JobState State)? ParseLine(string line)
    {
        var parts = line.Trim().Split('|');
        if (parts.Length < 2 || parts[0].Length == 0) return null;
        var state = parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        return (parts[0], new JobState(state, parts.Length > 2 ? parts[2] : ""));
    }
}

namespace Asd.Workflow.Slurm.Jobs;

/// <summary>
/// A Slurm run's folder in the shared store, <c>store/slurm/&lt;token&gt;/</c>: the job-name prefix every job of
/// the run carries (the <c>prefix</c> file, written before the first job), requests, results, scripts and logs.
/// Only the process holding the store lock runs jobs, so a folder it did not make belongs to a coordinator that
/// ended without cleaning up: <see cref="SweepOrphansAsync"/> cancels that run's jobs by their prefix.
/// </summary>
public sealed class RunFolder
{
    public const string Folder = "slurm";
    private const string PrefixFile = "prefix";

    private RunFolder(string path, string token)
    {
        Path = path;
        JobPrefix = $"asd-{token}-";
    }

    public string Path { get; }

    /// <summary>Every job of this run is named this plus a number.</summary>
    public string JobPrefix { get; }

    public static RunFolder Create(string storeRoot)
    {
        var token = Guid.NewGuid().ToString("N")[..12];
        var folder = new RunFolder(System.IO.Path.Combine(storeRoot, Folder, token), token);
        Directory.CreateDirectory(folder.Path);
        Core.Paths.AtomicFile.Write(System.IO.Path.Combine(folder.Path, PrefixFile), System.Text.Encoding.UTF8.GetBytes(folder.JobPrefix + "\n"));
        return folder;
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// Cancels the unfinished jobs of every earlier run whose folder is still in the store (its coordinator was
    /// killed or lost its node) and removes those folders; returns how many jobs were cancelled. Call with the
    /// store lock held.
    /// </summary>
    public static async Task<int> SweepOrphansAsync(string storeRoot, ISlurmCommands slurm, CancellationToken cancellationToken)
    {
        var root = System.IO.Path.Combine(storeRoot, Folder);
        if (!Directory.Exists(root)) return 0;
        var folders = Directory.GetDirectories(root);
        if (folders.Length == 0) return 0;
        var prefixes = folders.Select(f => System.IO.Path.Combine(f, PrefixFile)).Where(System.IO.File.Exists)
            .Select(p => System.IO.File.ReadAllText(p).Trim()).Where(p => p.StartsWith("asd-", StringComparison.Ordinal)).ToList();
        var orphans = prefixes.Count == 0 ? [] : (await slurm.ListMineAsync(cancellationToken))
            .Where(job => prefixes.Any(p => job.Name.StartsWith(p, StringComparison.Ordinal))).Select(job => job.Id).ToList();
        if (orphans.Count > 0) await slurm.CancelAsync(orphans);
        foreach (var folder in folders)
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { } // a cancelled job still writing its log: the next run removes the folder
        }
        return orphans.Count;
    }
}

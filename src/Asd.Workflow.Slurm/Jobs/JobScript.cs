using System.Globalization;
using System.Text;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Paths;

namespace Asd.Workflow.Slurm.Jobs;

/// <summary>
/// The batch script of one job: #SBATCH lines from the stage's resources and the settings, the setup lines,
/// then <c>asd exec-shard</c> over the job's request files. Every value is single-quoted for the shell.
/// </summary>
internal static class JobScript
{
    /// <param name="shards">"stage/shard" of each shard in the job, exported to the setup lines as <c>$ASD_SHARDS</c>.</param>
    public static string Build(string jobName, string logPattern, StageResources resources, bool wantsGpu, SlurmSettings settings,
        IReadOnlyList<string> command, string storeRoot, IReadOnlyList<string> requestFiles, IReadOnlyList<string> shards)
    {
        var gpus = resources.Gpus ?? (wantsGpu ? 1 : 0);
        var script = new StringBuilder("#!/bin/bash\n");
        void Directive(string option) => script.Append("#SBATCH ").Append(option).Append('\n');
        Directive($"--job-name={jobName}");
        Directive($"--output={logPattern}");
        Directive("--nodes=1");
        Directive("--ntasks=1");
        Directive("--no-requeue");
        var partition = gpus > 0 ? settings.GpuPartition ?? settings.Partition : settings.Partition;
        if (partition is not null) Directive($"--partition={partition}");
        if (settings.Account is not null) Directive($"--account={settings.Account}");
        if (resources.Cpus is { } cpus) Directive($"--cpus-per-task={cpus}");
        if (resources.Memory is { } memory) Directive($"--mem={memory}");
        if (gpus > 0) Directive($"--gres=gpu:{gpus}");
        if (resources.Time is { } time) Directive($"--time={SlurmTime(time, requestFiles.Count)}");
        foreach (var option in settings.SbatchOptions) Directive(option);
        script.Append("set -e\n");
        script.Append("export ASD_SHARDS=").Append(ShellWord.Quote(string.Join(' ', shards))).Append('\n');
        foreach (var line in settings.Setup) script.Append(line).Append('\n');
        script.Append("exec");
        foreach (var part in command) script.Append(' ').Append(ShellWord.Quote(part));
        script.Append(" exec-shard --store ").Append(ShellWord.Quote(storeRoot));
        foreach (var file in requestFiles) script.Append(' ').Append(ShellWord.Quote(file));
        script.Append('\n');
        return script.ToString();
    }

    /// <summary>Slurm's D-HH:MM:SS for a stage's per-shard time limit, times the shards in the job.</summary>
    public static string SlurmTime(TimeSpan perShard, int shards)
    {
        var total = TimeSpan.FromSeconds(perShard.TotalSeconds * Math.Max(1, shards));
        return string.Create(CultureInfo.InvariantCulture, $"{(int)total.TotalDays}-{total.Hours:00}:{total.Minutes:00}:{total.Seconds:00}");
    }
}

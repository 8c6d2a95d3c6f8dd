using Asd.Workflow.Cli.Configuration;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Slurm;
using Asd.Workflow.Slurm.Jobs;

namespace Asd.Workflow.Cli.Composition;

/// <summary>Builds the Slurm executor's settings from flags and asd.yaml, and cleans up after killed coordinators.</summary>
internal static class SlurmComposition
{
    /// <summary>Flags over the config file's <c>slurm:</c> section over defaults; <paramref name="jobs"/> (an explicit --jobs) is the jobs in flight.</summary>
    public static SlurmSettings Settings(AsdConfig config, string? partition, string? account, int? jobs)
    {
        var section = config.Slurm ?? new SlurmSection();
        var defaults = new SlurmSettings();
        return new SlurmSettings
        {
            Partition = partition ?? section.Partition,
            GpuPartition = section.GpuPartition,
            Account = account ?? section.Account,
            MaxJobs = jobs ?? section.MaxJobs ?? defaults.MaxJobs,
            Batch = section.Batch ?? defaults.Batch,
            Setup = section.Setup ?? [],
            SbatchOptions = section.SbatchOptions ?? [],
            Command = section.Command ?? [],
            MaxPoll = section.MaxPoll is { } poll ? StageResources.ParseTime(poll)!.Value : defaults.MaxPoll,
            FailFast = section.FailFast ?? defaults.FailFast,
        };
    }

    /// <summary>How a node starts this same asd: the dotnet host and asd.dll, or the apphost.</summary>
    public static IReadOnlyList<string> SelfCommand()
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var dll = typeof(Program).Assembly.Location;
        return Path.GetFileNameWithoutExtension(host) == "dotnet" ? [host, dll] : [host];
    }

    /// <summary>
    /// Cancels the jobs of earlier Slurm runs on this store whose coordinator ended without cleaning up (killed,
    /// node lost). Runs at the start of every <c>asd run</c>, local or not, with the store lock held.
    /// </summary>
    public static async Task SweepOrphansAsync(string storeRoot, Action<string> notice, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(storeRoot, RunFolder.Folder);
        try
        {
            var cancelled = await RunFolder.SweepOrphansAsync(storeRoot, new SlurmCommands(), cancellationToken);
            if (cancelled > 0) notice($"cancelled {cancelled} slurm job(s) left running by an earlier asd run that did not finish");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            notice($"{folder} holds an earlier Slurm run that did not finish, but squeue is not on PATH here: run asd on the Slurm login node to cancel its jobs");
        }
    }
}

using System.Diagnostics;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Slurm;

/// <summary>
/// The local test cluster (tests/slurm/start.sh, which .ci/run calls before the tests): whether it answers, and
/// if not, why (the reason start.sh recorded, or that it was not run). Slurm tests are skipped with that reason.
/// </summary>
internal static class SlurmCluster
{
    public static string? Unavailable { get; } = Check();

    private static string? Check()
    {
        if (Sinfo() is { } states && states.Split('\n').Any(s => s.Trim() is "idle" or "mixed" or "allocated")) return null;
        var status = Path.Combine(RepoPaths.Root, "tests", "slurm", ".status");
        var why = File.Exists(status) ? File.ReadAllText(status).Trim() : "tests/slurm/start.sh was not run (as root: tests/slurm/start.sh, then rerun the tests)";
        return $"no local Slurm cluster: {why}";
    }

    private static string? Sinfo()
    {
        try
        {
            var (code, stdout) = Run("sinfo", "-h", "-o", "%T");
            return code == 0 ? stdout : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; } // not installed
    }

    /// <summary>Names and states of this user's unfinished jobs whose names start with "asd-".</summary>
    public static IReadOnlyList<(string Id, string Name, string State)> AsdJobs()
    {
        var (_, stdout) = Run("squeue", "-h", "--me", "-o", "%i|%j|%T");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('|')).Where(p => p.Length == 3 && p[1].StartsWith("asd-", StringComparison.Ordinal))
            .Where(p => p[2] is "PENDING" or "RUNNING" or "CONFIGURING")
            .Select(p => (p[0], p[1], p[2])).ToList();
    }

    public static (int Code, string Stdout) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result);
    }
}

/// <summary>A test that needs the local Slurm cluster; skipped, with the reason, when there is none.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (SlurmCluster.Unavailable is { } why) Skip = why;
    }
}

/// <summary>Slurm tests share one cluster and check "no asd job left": they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class SlurmCollection : ICollectionFixture<TinyDataSet>
{
    public const string Name = "slurm";
}

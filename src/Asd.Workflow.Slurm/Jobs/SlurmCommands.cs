using System.Diagnostics;
using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Slurm.Jobs;

/// <summary>
/// Runs Slurm's client programs. <c>sacct</c> is not used: it needs slurmdbd and a database, which many
/// clusters (and the test cluster) lack; <c>squeue -t all</c> lists finished jobs for MinJobAge (300 s by
/// default) and <c>scontrol show job</c> is asked about one squeue no longer lists.
/// </summary>
public sealed class SlurmCommands : ISlurmCommands
{
    public async Task CheckAvailableAsync(CancellationToken cancellationToken)
    {
        try { await RunAsync("sbatch", ["--version"], cancellationToken); }
        catch (System.ComponentModel.Win32Exception)
        {
            throw AsdException.BadInput("--executor slurm: sbatch is not on PATH (run on a Slurm login node, or load its module; see docs/slurm.md)");
        }
    }

    public async Task<string> SubmitAsync(string scriptPath, CancellationToken cancellationToken)
    {
        var (code, stdout, stderr) = await RunAsync("sbatch", ["--parsable", scriptPath], cancellationToken);
        var id = stdout.Trim().Split(';')[0]; // --parsable prints "id" or "id;cluster"
        if (code != 0 || id.Length == 0 || !id.All(char.IsAsciiDigit))
            throw AsdException.Failed($"sbatch {scriptPath} failed (exit {code}): {FirstLine(stderr)}{FirstLine(stdout)}");
        return id;
    }

    public async Task<IReadOnlyDictionary<string, JobState>> QueryAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, JobState>(StringComparer.Ordinal);
        if (jobIds.Count == 0) return states;
        var (_, stdout, _) = await RunAsync("squeue", ["-h", "-t", "all", "-o", "%i|%T|%r", "-j", string.Join(',', jobIds)], cancellationToken);
        foreach (var line in stdout.Split('\n'))
            if (JobState.ParseLine(line) is { } parsed && jobIds.Contains(parsed.Id)) states[parsed.Id] = parsed.State;
        foreach (var id in jobIds.Where(id => !states.ContainsKey(id)))
        {
            var (code, text, _) = await RunAsync("scontrol", ["show", "job", "-o", id], cancellationToken);
            if (code == 0 && Field(text, "JobState") is { } state) states[id] = new JobState(state, Field(text, "Reason") ?? "");
        }
        return states;
    }

    public async Task<IReadOnlyList<(string Id, string Name)>> ListMineAsync(CancellationToken cancellationToken)
    {
        var (code, stdout, stderr) = await RunAsync("squeue", ["-h", "--me", "-o", "%i|%j"], cancellationToken);
        if (code != 0) throw AsdException.Failed($"squeue --me failed (exit {code}): {FirstLine(stderr)}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('|', 2)).Where(p => p.Length == 2).Select(p => (p[0], p[1])).ToList();
    }

    public async Task CancelAsync(IReadOnlyCollection<string> jobIds)
    {
        foreach (var chunk in jobIds.Chunk(500)) await RunAsync("scancel", chunk, CancellationToken.None);
    }

    private static string? Field(string text, string name)
    {
        var at = text.IndexOf(name + "=", StringComparison.Ordinal);
        if (at < 0) return null;
        var start = at + name.Length + 1;
        var end = text.IndexOf(' ', start);
        return (end < 0 ? text[start..] : text[start..end]).Trim();
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }
}

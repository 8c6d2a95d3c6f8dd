using System.Diagnostics;
using System.Text;

namespace Asd.Workflow.Cli.Tests;

/// <summary>Runs the built asd command line as a child process, as a user would.</summary>
internal static class AsdProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "asd.dll");

    public static string Workflow(string name) => Path.Combine(AppContext.BaseDirectory, "Workflows", name);

    public sealed record Result(int ExitCode, string Out, string Err)
    {
        public string[] Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static ProcessStartInfo StartInfo(string cwd, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["ASD_LOCK_TIMEOUT"] = "120";
        return info;
    }

    /// <summary>
    /// <see cref="StartInfo"/> for a child the test will send SIGINT (Ctrl-C): started through
    /// <c>env --default-signal=INT</c> (GNU coreutils), which execs asd in place (same pid) with SIGINT at its default
    /// disposition. Without it the child inherits the test host's: a <c>dotnet test</c> started as a background job of a
    /// non-interactive shell (<c>dotnet test … &amp;</c>) has SIGINT ignored, and the .NET runtime leaves an ignored
    /// SIGINT ignored (as a POSIX program should), so asd would never see the signal and would run to the end.
    /// </summary>
    public static ProcessStartInfo InterruptibleStartInfo(string cwd, params string[] args)
    {
        var info = StartInfo(cwd, args);
        info.ArgumentList.Insert(0, info.FileName);
        info.ArgumentList.Insert(0, "--default-signal=INT");
        info.FileName = "env";
        return info;
    }

    /// <summary>Whether process <paramref name="pid"/> has a handler for SIGINT (Linux: bit 2 of SigCgt in /proc/PID/status).</summary>
    public static bool CatchesSigInt(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("SigCgt:", StringComparison.Ordinal));
        var caught = ulong.Parse(line["SigCgt:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        return (caught & (1UL << (2 - 1))) != 0;
    }

    public static Result Run(string cwd, params string[] args) => RunWith(new Dictionary<string, string>(), cwd, args);

    /// <summary>Runs asd with extra environment variables (ASD_TRACE, ASD_FULL_CHECK, …).</summary>
    public static Result RunWith(IReadOnlyDictionary<string, string> environment, string cwd, params string[] args)
    {
        var info = StartInfo(cwd, args);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4))) { process.Kill(entireProcessTree: true); throw new TimeoutException("asd " + string.Join(' ', args)); }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}

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

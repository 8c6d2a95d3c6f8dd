using System.Diagnostics;

namespace Asd.Workflow.Cli.Tests.Faults;

/// <summary>An <c>asd</c> process SIGKILLed at a moment: no signal handler, no finally, no flush.</summary>
internal static class KilledRun
{
    /// <summary>Starts <c>asd</c> with <paramref name="args"/> and SIGKILLs it after <paramref name="moment"/>; the result when it finished first, else null.</summary>
    public static AsdProcess.Result? RunOrKill(string folder, string[] args, TimeSpan moment)
    {
        using var process = Process.Start(AsdProcess.StartInfo(folder, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(moment))
        {
            process.Kill(); // SIGKILL on Linux
            process.WaitForExit();
            if (process.ExitCode == 137) return null; // 128 + SIGKILL
        }
        process.WaitForExit(); // drains the redirected streams
        return new AsdProcess.Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}

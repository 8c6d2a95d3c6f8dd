using System.Diagnostics;

namespace Asd.Workflow.Cli.Output;

/// <summary>
/// With <c>ASD_TRACE=1</c>, one stderr line per phase of a command with its wall time in milliseconds (the
/// first counts from process start), so where a no-op run spends its time can be read off any machine.
/// </summary>
internal static class PhaseTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("ASD_TRACE") is "1" or "true";
    private static long _last = Stopwatch.GetTimestamp();
    private static bool _first = true;

    public static void Mark(string phase)
    {
        if (!Enabled) return;
        var now = Stopwatch.GetTimestamp();
        var ms = _first
            ? (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds
            : Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds;
        _first = false;
        _last = now;
        Console.Error.WriteLine($"asd: trace: {phase} {ms:0} ms");
    }
}

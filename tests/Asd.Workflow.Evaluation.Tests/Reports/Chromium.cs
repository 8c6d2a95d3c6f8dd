using System.Diagnostics;

namespace Asd.Workflow.Evaluation.Tests.Reports;

/// <summary>Headless Chromium (Debian's <c>chromium</c>, installed by .ci/run) rendering a page and dumping its DOM.</summary>
internal static class Chromium
{
    public static readonly string? Path = Find();

    public const string Missing = "chromium is not installed (apt-get install -y chromium; .ci/run installs it): the report is not checked in a browser";

    private static string? Find() =>
        new[] { "chromium", "chromium-browser" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator).Select(dir => System.IO.Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    /// <summary>The DOM after load, at a window of <paramref name="width"/> × <paramref name="height"/> CSS pixels.</summary>
    public static string DumpDom(string htmlFile, int width, int height)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException(Missing))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                     $"--window-size={width},{height}", "--virtual-time-budget=10000", "--dump-dom", new Uri(htmlFile).AbsoluteUri })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var dom = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 90 s");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"chromium exited {process.ExitCode}: {stderr.Result}");
        return dom.Result;
    }
}

/// <summary>A fact that needs Chromium: skipped, with the reason, where it is not installed (xunit 2 has no runtime skip).</summary>
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null) Skip = Chromium.Missing;
    }
}

using System.Diagnostics;

namespace Asd.Workflow.Testing;

/// <summary>
/// The loopback team-cache server of the tests: Debian's nginx with WebDAV, started (idempotently) by
/// <c>tests/remote-cache/start.sh</c> (which <c>.ci/run</c> also calls before the tests). When nginx is absent,
/// <see cref="Unavailable"/> says why and the tests skip with that reason.
/// </summary>
internal sealed class NginxCache
{
    public const string HeaderToken = "asd-test-token";
    public const string BasicUser = "asd", BasicPassword = "asd-test-password";

    private static readonly Lazy<NginxCache> Shared = new(() => Start(port: null));

    private NginxCache(Uri? url, string? dataDir, string? unavailable)
    {
        Url = url;
        DataDir = dataDir;
        Unavailable = unavailable;
    }

    /// <summary>The server's base URL (null when unavailable).</summary>
    public Uri? Url { get; }

    /// <summary>The folder nginx serves (a test may corrupt files in it).</summary>
    public string? DataDir { get; }

    /// <summary>Why there is no server (the skip reason), or null.</summary>
    public string? Unavailable { get; }

    public static NginxCache Instance => Shared.Value;

    /// <summary>A fresh namespace below the server ("instance name"), so tests never share entries.</summary>
    public Uri Fresh(string area = "") => new(Url!, $"{area}t-{Guid.NewGuid():N}/");

    /// <summary>Where the server keeps <paramref name="url"/>'s entry <paramref name="relative"/> (e.g. "cas/&lt;hex&gt;").</summary>
    public string FileOf(Uri url, string relative) => Path.Combine(DataDir!, url.AbsolutePath.Trim('/'), relative);

    /// <summary>Starts a server of its own on <paramref name="port"/> (for a test that stops it); null port = the shared one.</summary>
    public static NginxCache Start(int? port)
    {
        var (code, output, error) = Script("start.sh", port);
        if (code == 3) return new NginxCache(null, null, "remote-cache tests need nginx with WebDAV: " + error.Trim());
        if (code != 0) throw new InvalidOperationException($"tests/remote-cache/start.sh failed ({code}): {error.Trim()}");
        var parts = output.Trim().Split(' ', 2);
        return new NginxCache(new Uri(parts[0]), parts[1], null);
    }

    public static void Stop(int port) => Script("stop.sh", port);

    private static (int Code, string Output, string Error) Script(string name, int? port)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(RepoPaths.Root, "tests", "remote-cache", name));
        if (port is { } p) info.Environment["ASD_REMOTE_CACHE_PORT"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}

/// <summary>A fact that needs the loopback nginx cache; skipped, saying why, where nginx (with WebDAV) is absent.</summary>
internal sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (NginxCache.Instance.Unavailable is { } why) Skip = why;
    }
}

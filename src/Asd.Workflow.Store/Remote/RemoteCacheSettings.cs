using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Store.Remote;

/// <summary>
/// How to reach a team cache, read once in <c>Main</c> (command line, later the config file) and validated there.
/// Secrets are never held here: only the names of where they are (an environment variable, a netrc file), so
/// printing the settings cannot leak them.
/// </summary>
public sealed record RemoteCacheSettings
{
    /// <summary>Base URL, <c>http://</c> or <c>https://</c>; <c>cas/</c> and <c>ac/</c> go below it (a path such as <c>/team-a/</c> acts as an instance name).</summary>
    public required Uri Url { get; init; }

    /// <summary>Upload executions and memo entries made here (default true; false for read-only members).</summary>
    public bool Upload { get; init; } = true;

    /// <summary>Name of an environment variable holding one HTTP header, <c>Name: value</c> (e.g. <c>Authorization: Bearer …</c>).</summary>
    public string? HeaderVariable { get; init; }

    /// <summary>Name of an environment variable holding <c>user:password</c> for HTTP basic auth.</summary>
    public string? BasicAuthVariable { get; init; }

    /// <summary>A netrc-style file (<c>machine HOST login USER password PASS</c>) to take basic-auth credentials from.</summary>
    public string? NetrcFile { get; init; }

    /// <summary>Requests in flight at once, over as many keep-alive connections (default 8, 1–64).</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>Timeout of one request attempt (default 60 s, like Bazel's <c>--remote_timeout</c>).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after a failed attempt (connection error, timeout, 5xx, 408, 429), with exponential backoff from <see cref="RetryDelay"/> (default 3).</summary>
    public int Retries { get; init; } = 3;

    /// <summary>First backoff delay; doubled each retry, with jitter (default 100 ms).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Settings from the command line: <paramref name="url"/> must be an absolute http(s) URL without user
    /// information (credentials in a URL end up in shell history, process lists and logs). Every problem is
    /// reported at once, as bad input.
    /// </summary>
    public static RemoteCacheSettings Parse(string url, bool upload, string? headerVariable, string? basicAuthVariable, string? netrcFile)
    {
        var problems = new List<string>();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            problems.Add($"--remote-cache '{Redacted(url)}': give an absolute http:// or https:// URL (e.g. http://cache.example:8080/)");
        else if (uri.UserInfo.Length > 0)
            problems.Add("--remote-cache: the URL carries credentials; pass them with --remote-cache-basic-env VAR, --remote-cache-header-env VAR or --remote-cache-netrc FILE instead (a URL is printed and shows in process lists)");
        if (netrcFile is not null && !File.Exists(netrcFile))
            problems.Add($"--remote-cache-netrc {netrcFile}: no such file");
        foreach (var (option, name) in new[] { ("--remote-cache-header-env", headerVariable), ("--remote-cache-basic-env", basicAuthVariable) })
            if (name is not null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
                problems.Add($"{option} {name}: the environment variable is not set");
        if (problems.Count == 1) throw AsdException.BadInput(problems[0]);
        if (problems.Count > 1) throw AsdException.BadInput($"{problems.Count} problems with the remote-cache options:", problems);
        var withSlash = uri!.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
        return new RemoteCacheSettings { Url = withSlash, Upload = upload, HeaderVariable = headerVariable, BasicAuthVariable = basicAuthVariable, NetrcFile = netrcFile };
    }

    /// <summary>Throws the bad-input error opening the cache would when the named credentials are malformed; reads them, keeps nothing.</summary>
    public void CheckCredentials() => RemoteCredentials.Resolve(this);

    /// <summary>The URL as it may be printed: scheme, host, port and path, never user information or query.</summary>
    public string Display => $"{Url.Scheme}://{Url.Authority}{Url.AbsolutePath}";

    private static string Redacted(string url)
    {
        var at = url.IndexOf('@');
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme >= 0 && at > scheme ? url[..(scheme + 3)] + "…@" + url[(at + 1)..] : url;
    }
}

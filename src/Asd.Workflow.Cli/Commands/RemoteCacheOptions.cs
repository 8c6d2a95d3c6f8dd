using System.CommandLine;
using System.Text.Json;
using Asd.Workflow.Cli.Composition;
using Asd.Workflow.Store.Remote;

namespace Asd.Workflow.Cli.Commands;

/// <summary>
/// The team-cache options of <c>run</c> and <c>demo</c>, read once into <see cref="RemoteCacheSettings"/>. Credentials
/// are named (an environment variable, a netrc file), never given on the command line.
/// </summary>
internal sealed class RemoteCacheOptions
{
    private readonly Option<string?> _url = new("--remote-cache") { Description = "Team cache URL (Bazel HTTP remote-cache protocol: bazel-remote, nginx WebDAV); see docs/remote-cache.md" };
    private readonly Option<bool> _upload = new("--remote-cache-upload") { Description = "Upload what this run executes (--remote-cache-upload=false: read only)", DefaultValueFactory = _ => true };
    private readonly Option<string?> _header = new("--remote-cache-header-env") { Description = "Environment variable holding one HTTP header for the cache, 'Name: value'" };
    private readonly Option<string?> _basic = new("--remote-cache-basic-env") { Description = "Environment variable holding 'user:password' (HTTP basic auth) for the cache" };
    private readonly Option<string?> _netrc = new("--remote-cache-netrc") { Description = "netrc-style file with the cache host's login and password" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _url, _upload, _header, _basic, _netrc }) command.Add(option);
    }

    /// <summary>The settings the command line gives; null without --remote-cache (the other options alone are refused).</summary>
    public RemoteCacheSettings? Settings(ParseResult result)
    {
        var configured = CommonOptions.Configured.RemoteCache; // asd.yaml's remote_cache: each flag wins over its key
        if ((result.GetValue(_url) ?? configured?.Url) is not { } url)
        {
            var stray = new Option[] { _header, _basic, _netrc }.FirstOrDefault(o => result.GetResult(o) is not null);
            return stray is null ? null : throw Core.Errors.AsdException.BadInput($"{stray.Name} needs --remote-cache URL");
        }
        var upload = result.GetResult(_upload) is { Implicit: false } ? result.GetValue(_upload) : configured?.Upload ?? result.GetValue(_upload);
        return RemoteCacheSettings.Parse(url, upload, result.GetValue(_header) ?? configured?.AuthHeaderEnv,
            result.GetValue(_basic) ?? configured?.BasicAuthEnv, result.GetValue(_netrc) ?? configured?.Netrc);
    }

    /// <summary>
    /// The settings given by a command line's remote-cache tokens alone, parsed by these same options (so the fast
    /// no-op reads them as <c>run</c> does) and merged with asd.yaml's <c>remote_cache</c>; false when the tokens do not
    /// parse. Throws the same bad-input errors as <see cref="Settings"/>.
    /// </summary>
    public static bool TryParseAlone(IReadOnlyList<string> tokens, out RemoteCacheSettings? settings)
    {
        var options = new RemoteCacheOptions();
        var command = new RootCommand();
        options.AddTo(command);
        var result = command.Parse(tokens.ToArray());
        settings = result.Errors.Count == 0 ? options.Settings(result) : null;
        return result.Errors.Count == 0;
    }

    /// <summary>The team cache over a session's store, its notices through the session's (so a live display holds them).</summary>
    public static HttpRemoteCache? Open(RemoteCacheSettings? settings, AsdSession session) =>
        settings is null ? null : new HttpRemoteCache(settings, session.Store, line => session.Notice(line));

    /// <summary>One line of what the cache did (a JSON event with --json); the URL without credentials, which never are in it.</summary>
    public static void Report(HttpRemoteCache? remote, bool json)
    {
        if (remote is null) return;
        var s = remote.Stats;
        if (json)
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["event"] = "remote_cache", ["url"] = remote.Settings.Display, ["available"] = remote.IsAvailable, ["hits"] = s.Hits, ["misses"] = s.Misses,
                ["memo_hits"] = s.MemoHits, ["corrupt"] = s.Corrupt, ["objects_down"] = s.ObjectsDown, ["bytes_down"] = s.BytesDown,
                ["objects_up"] = s.ObjectsUp, ["bytes_up"] = s.BytesUp, ["records_up"] = s.RecordsUp,
            }));
        else Console.WriteLine($"remote cache {remote.Settings.Display}: {s}{(remote.IsAvailable ? "" : " (unavailable since the notice above)")}");
    }
}

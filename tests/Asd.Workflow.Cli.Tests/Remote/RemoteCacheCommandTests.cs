using System.Text;
using System.Text.Json;
using Asd.Workflow.Cli.Tests.Faults;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Remote;

/// <summary>
/// "Two team members": separate stores on one real HTTP cache (nginx WebDAV on loopback), running tiny.yaml
/// (every stage kind; demo.yaml is measured by bench/remote-cache.sh instead, too slow for CI).
/// </summary>
public sealed class RemoteCacheCommandTests(TinyDataSet data) : IClassFixture<TinyDataSet>
{
    private const string TokenVariable = "ASD_TEST_CACHE_TOKEN";

    private static NginxCache Server => NginxCache.Instance;

    private AsdProcess.Result Run(string folder, string url, string token, params string[] extra) =>
        AsdProcess.RunWith(new Dictionary<string, string> { [TokenVariable] = $"X-Asd-Token: {token}" }, folder,
            ["run", AsdProcess.Workflow("tiny.yaml"), "--data", data.Root, "--set", "bad=fail", "--store", Path.Combine(folder, "store"),
                "--json", "--out", Path.Combine(folder, "out"), "--remote-cache", url, "--remote-cache-header-env", TokenVariable, .. extra]);

    private static JsonElement Event(AsdProcess.Result run, string name) =>
        run.Lines.Select(l => JsonDocument.Parse(l).RootElement).Single(e => e.GetProperty("event").GetString() == name);

    [NginxFact]
    public void SecondMember_WarmRemote_ExecutesNothingWithByteIdenticalOutputs_AndTheTokenIsNeverWritten()
    {
        var url = Server.Fresh("header/").AbsoluteUri;
        var (first, second) = (RepoPaths.TempDir("member-1"), RepoPaths.TempDir("member-2"));

        var a = Run(first, url, NginxCache.HeaderToken);
        var b = Run(second, url, NginxCache.HeaderToken);

        Assert.True(a.ExitCode == 0, a.Err);
        Assert.True(b.ExitCode == 0, b.Err);
        var shards = Event(a, "summary").GetProperty("ran").GetInt32();
        Assert.Equal(shards, Event(a, "remote_cache").GetProperty("records_up").GetInt32());
        Assert.Equal(0, Event(b, "summary").GetProperty("ran").GetInt32());
        Assert.Equal(shards, Event(b, "summary").GetProperty("cached").GetInt32());
        Assert.Equal(shards, Event(b, "remote_cache").GetProperty("hits").GetInt32());
        RunOutputs.Of(b, Path.Combine(second, "out")).AssertSameAs(RunOutputs.Of(a, Path.Combine(first, "out")), "second member");
        var secret = Encoding.UTF8.GetBytes(NginxCache.HeaderToken);
        Assert.DoesNotContain(NginxCache.HeaderToken, a.Out + a.Err + b.Out + b.Err);
        foreach (var file in Directory.GetFiles(first, "*", SearchOption.AllDirectories).Concat(Directory.GetFiles(second, "*", SearchOption.AllDirectories)))
            Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(secret) < 0, $"{file} holds the cache token");
    }

    [NginxFact]
    public void WrongToken_RunsLocallyWithOneNoticeThatNamesTheStatusNotTheToken()
    {
        const string wrong = "not-the-token-0815";
        var folder = RepoPaths.TempDir("member-wrong");

        var run = Run(folder, Server.Fresh("header/").AbsoluteUri, wrong);

        Assert.True(run.ExitCode == 0, run.Err);
        var notice = Assert.Single(run.Err.Split('\n'), l => l.Contains("unavailable", StringComparison.Ordinal));
        Assert.Contains("401 Unauthorized", notice);
        Assert.DoesNotContain(wrong, run.Out + run.Err);
        Assert.False(Event(run, "remote_cache").GetProperty("available").GetBoolean());
    }

    [NginxFact]
    public void StoppedServer_RunsLocallyWithOneNotice()
    {
        const int port = 18792;
        var url = NginxCache.Start(port).Fresh().AbsoluteUri;
        NginxCache.Stop(port);
        var folder = RepoPaths.TempDir("member-offline");

        var run = AsdProcess.Run(folder, "run", AsdProcess.Workflow("tiny.yaml"), "--data", data.Root, "--set", "bad=fail",
            "--store", Path.Combine(folder, "store"), "--json", "--remote-cache", url);

        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Equal(0, Event(run, "summary").GetProperty("failed").GetInt32());
        Assert.True(Event(run, "summary").GetProperty("ran").GetInt32() > 0);
        var notice = Assert.Single(run.Err.Split('\n'), l => l.Contains("remote cache", StringComparison.Ordinal));
        Assert.Contains($"remote cache {url} unavailable (", notice);
    }

    [NginxFact]
    public void ReadOnlyMember_UploadFalse_PutsNothing()
    {
        var url = Server.Fresh();
        var folder = RepoPaths.TempDir("member-readonly");

        var run = AsdProcess.Run(folder, "run", AsdProcess.Workflow("tiny.yaml"), "--data", data.Root, "--set", "bad=fail",
            "--store", Path.Combine(folder, "store"), "--json", "--remote-cache", url.AbsoluteUri, "--remote-cache-upload=false");

        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Equal(0, Event(run, "remote_cache").GetProperty("objects_up").GetInt32());
        Assert.False(Directory.Exists(Server.FileOf(url, "")));
    }

    [NginxFact]
    public void WarmLocalStore_EmptyRemote_SeedsIt_ThenANoOpWithThatRemoteAnswersFromTheStamp()
    {
        var (url, other) = (Server.Fresh().AbsoluteUri, Server.Fresh().AbsoluteUri);
        var (folder, second) = (RepoPaths.TempDir("member-seed"), RepoPaths.TempDir("member-seeded"));
        var trace = new Dictionary<string, string> { ["ASD_TRACE"] = "1" };
        AsdProcess.Result Plain(string at, params string[] extra) => AsdProcess.RunWith(trace, at, ["run", AsdProcess.Workflow("tiny.yaml"), "--data", data.Root,
            "--set", "bad=fail", "--store", Path.Combine(at, "store"), .. extra]);
        static bool Fast(AsdProcess.Result run) => run.Err.Contains("answered from the run stamp", StringComparison.Ordinal);

        var local = Plain(folder); // no remote: a warm local store
        var seed = Plain(folder, "--remote-cache", url); // the stamp knows no remote: the full check, which seeds it
        var noOp = Plain(folder, "--remote-cache", url); // the stamp says that remote holds every record
        var readOnly = Plain(folder, "--remote-cache", other, "--remote-cache-upload=false"); // asks nothing of a remote
        var otherRemote = Plain(folder, "--remote-cache", other); // another remote, uploads on: not from the stamp
        var member2 = AsdProcess.Run(second, "run", AsdProcess.Workflow("tiny.yaml"), "--data", data.Root, "--set", "bad=fail",
            "--store", Path.Combine(second, "store"), "--json", "--remote-cache", url);

        Assert.All(new[] { local, seed, noOp, readOnly, otherRemote, member2 }, r => Assert.True(r.ExitCode == 0, r.Err));
        var shards = int.Parse(local.Out.Split('\n').Single(l => l.StartsWith("ran ", StringComparison.Ordinal)).Split(' ', ',')[1]);
        Assert.False(Fast(seed));
        Assert.Contains($"{shards} record(s) up", seed.Out);
        Assert.True(Fast(noOp), noOp.Err);
        Assert.Equal($"nothing to do: all {shards} shard(s) up to date", noOp.Out.Trim());
        Assert.True(Fast(readOnly), readOnly.Err);
        Assert.False(Fast(otherRemote));
        Assert.Contains($"{shards} record(s) up", otherRemote.Out);
        Assert.Equal(0, Event(member2, "summary").GetProperty("ran").GetInt32());
        Assert.Equal(shards, Event(member2, "remote_cache").GetProperty("hits").GetInt32());
    }

    [Fact]
    public void NoOp_RemoteCacheOptionBadInput_IsReportedAsTheFullRunWould()
    {
        var folder = RepoPaths.TempDir("member-noop-bad");
        var args = new[] { "run", AsdProcess.Workflow("tiny.yaml"), "--data", data.Root, "--set", "bad=fail", "--store", Path.Combine(folder, "store") };
        Assert.Equal(0, AsdProcess.Run(folder, args).ExitCode);

        var run = AsdProcess.Run(folder, [.. args, "--remote-cache", "http://127.0.0.1:1/", "--remote-cache-header-env", "ASD_TEST_UNSET_VARIABLE"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--remote-cache-header-env ASD_TEST_UNSET_VARIABLE: the environment variable is not set", run.Err);
    }

    [Fact]
    public void CredentialsInTheUrl_RefusedAsBadInputBeforeTheStoreOpens()
    {
        var folder = RepoPaths.TempDir("member-url");

        var run = AsdProcess.Run(folder, "run", AsdProcess.Workflow("tiny.yaml"), "--data", data.Root, "--set", "bad=fail",
            "--store", Path.Combine(folder, "store"), "--remote-cache", "http://bob:pa55word@127.0.0.1:1/");

        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("pa55word", run.Out + run.Err);
        Assert.False(Directory.Exists(Path.Combine(folder, "store")));
    }
}

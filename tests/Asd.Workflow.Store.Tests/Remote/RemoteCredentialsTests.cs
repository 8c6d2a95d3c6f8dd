using System.Text;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Store.Objects;
using Asd.Workflow.Store.Remote;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Store.Tests.Remote;

/// <summary>Authentication against the real server's protected paths, and secrets that never reach a message.</summary>
public sealed class RemoteCredentialsTests
{
    private static NginxCache Server => NginxCache.Instance;

    private static RemoteCacheSettings With(Uri url, string? header = null, string? basic = null, string? netrc = null) =>
        new() { Url = url, HeaderVariable = header, BasicAuthVariable = basic, NetrcFile = netrc, Retries = 1, RetryDelay = TimeSpan.FromMilliseconds(10) };

    private static string Variable(string value)
    {
        var name = $"ASD_TEST_SECRET_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(name, value);
        return name;
    }

    private static async Task<(bool Hit, List<string> Notices)> RoundTrip(RemoteCacheSettings settings)
    {
        var (a, b) = (new FileSystemArtifactStore(RepoPaths.TempDir("auth-a")), new FileSystemArtifactStore(RepoPaths.TempDir("auth-b")));
        var (record, _, _) = HttpRemoteCacheTests.Execution(a);
        var notices = new List<string>();
        using (var remote = new HttpRemoteCache(settings, a, notices.Add)) await remote.UploadAsync(record, [], CancellationToken.None);
        using var member2 = new HttpRemoteCache(settings, b, notices.Add);
        return (await member2.FetchExecutionAsync(Digest.Parse(record.CacheKey), CancellationToken.None) is not null, notices);
    }

    [NginxFact]
    public async Task HeaderFromVariable_RightToken_SharesEntries()
    {
        var (hit, notices) = await RoundTrip(With(Server.Fresh("header/"), header: Variable($"X-Asd-Token: {NginxCache.HeaderToken}")));
        Assert.True(hit);
        Assert.Empty(notices);
    }

    [NginxFact]
    public async Task HeaderFromVariable_WrongToken_OneNoticeNamingTheStatusNotTheSecret()
    {
        const string secret = "wrong-secret-4711";
        var (hit, notices) = await RoundTrip(With(Server.Fresh("header/"), header: Variable($"X-Asd-Token: {secret}")));
        Assert.False(hit);
        Assert.Equal(2, notices.Count); // one per client (member 1's upload, member 2's fetch)
        Assert.All(notices, n => Assert.Contains("401 Unauthorized; check the remote-cache credentials", n));
        Assert.All(notices, n => Assert.DoesNotContain(secret, n));
    }

    [NginxFact]
    public async Task BasicFromVariable_SharesEntries_AndWithoutCredentialsIsRefused()
    {
        var url = Server.Fresh("basic/");
        Assert.True((await RoundTrip(With(url, basic: Variable($"{NginxCache.BasicUser}:{NginxCache.BasicPassword}")))).Hit);
        var (hit, notices) = await RoundTrip(With(url));
        Assert.False(hit);
        Assert.Contains("401", notices[0]);
    }

    [NginxFact]
    public async Task BasicFromNetrc_MachineEntryForTheHost_SharesEntries()
    {
        var netrc = Path.Combine(RepoPaths.TempDir("netrc"), "netrc");
        File.WriteAllText(netrc, $"machine other.example login x password y\n# the cache\nmachine 127.0.0.1\n  login {NginxCache.BasicUser}\n  password {NginxCache.BasicPassword}\n");
        var (hit, notices) = await RoundTrip(With(Server.Fresh("basic/"), netrc: netrc));
        Assert.True(hit, string.Join("\n", notices));
    }

    [Fact]
    public void Netrc_Find_MachineBeforeDefaultAndTokensAcrossLines()
    {
        const string text = "default login d password dp\nmachine cache.example\nlogin u\npassword p\nmachine other login o password op";
        Assert.Equal(new Netrc.Entry("u", "p"), Netrc.Find(text, "CACHE.example"));
        Assert.Equal(new Netrc.Entry("d", "dp"), Netrc.Find(text, "unknown.example"));
        Assert.Null(Netrc.Find("machine a login only", "a"));
    }

    [Fact]
    public void Credentials_ToString_NamesTheSourceNeverTheValue()
    {
        var name = Variable("user:hunter2-secret");
        var credentials = RemoteCredentials.Resolve(With(new Uri("http://127.0.0.1:1/"), basic: name));
        Assert.Equal($"credentials from ${name}", credentials.ToString());
        Assert.DoesNotContain("hunter2", credentials.ToString());
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("user:hunter2-secret")), credentials.ToString());
    }

    [Fact]
    public void Parse_CredentialsInUrl_RefusedWithoutEchoingThem()
    {
        var ex = Assert.Throws<AsdException>(() => RemoteCacheSettings.Parse("http://bob:s3cret@cache.example/", true, null, null, null));
        Assert.Equal(ErrorCode.BadInput, ex.Code);
        Assert.DoesNotContain("s3cret", ex.Message);
        Assert.Contains("--remote-cache-basic-env", ex.Message);
    }

    [Fact]
    public void Parse_EveryProblemAtOnce()
    {
        var ex = Assert.Throws<AsdException>(() => RemoteCacheSettings.Parse("ftp://cache.example/", true, "ASD_TEST_UNSET_VARIABLE_X", null, "/no/such/netrc"));
        Assert.Equal(ErrorCode.BadInput, ex.Code);
        Assert.Equal(3, ex.Details.Count);
        Assert.Contains(ex.Details, d => d.StartsWith("--remote-cache 'ftp://cache.example/'", StringComparison.Ordinal));
        Assert.Contains(ex.Details, d => d.StartsWith("--remote-cache-netrc /no/such/netrc", StringComparison.Ordinal));
        Assert.Contains(ex.Details, d => d.StartsWith("--remote-cache-header-env ASD_TEST_UNSET_VARIABLE_X", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_AddsTheTrailingSlashSoPathsStayBelowTheBase()
    {
        var settings = RemoteCacheSettings.Parse("http://cache.example:8080/team-a", true, null, null, null);
        Assert.Equal("http://cache.example:8080/team-a/", settings.Url.AbsoluteUri);
        Assert.Equal("http://cache.example:8080/team-a/", settings.Display);
    }
}

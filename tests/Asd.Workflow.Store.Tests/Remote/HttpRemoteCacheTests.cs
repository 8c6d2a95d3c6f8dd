using System.Text;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Store.Objects;
using Asd.Workflow.Store.Remote;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Store.Tests.Remote;

/// <summary>Two stores sharing one real HTTP cache (nginx WebDAV on loopback, tests/remote-cache/start.sh).</summary>
public sealed class HttpRemoteCacheTests
{
    private static NginxCache Server => NginxCache.Instance;

    private static RemoteCacheSettings Settings(Uri url, bool upload = true) =>
        new() { Url = url, Upload = upload, Retries = 1, RetryDelay = TimeSpan.FromMilliseconds(10), Timeout = TimeSpan.FromSeconds(10) };

    private static FileSystemArtifactStore NewStore() => new(RepoPaths.TempDir("remote-store"));

    /// <summary>An execution whose JSON output names another object (as a decoded set names its PCM objects).</summary>
    internal static (ExecutionRecord Record, Digest Json, Digest Named) Execution(FileSystemArtifactStore store, string salt = "")
    {
        var named = store.Put(Encoding.UTF8.GetBytes("pcm bytes " + salt + new string('x', 5000)));
        var json = store.Put(Encoding.UTF8.GetBytes($"{{\"clips\":[\"{named}\"]}}"));
        var document = $"{{\"kind\":\"decode\",\"salt\":\"{salt}{Guid.NewGuid():N}\"}}";
        var key = Digest.Of(Encoding.UTF8.GetBytes(document));
        var record = new ExecutionRecord(key.ToString(), document, "decode", 1, "decode", "fan/00", [],
            [new RecordedOutput("train", json.ToString(), "application/json", [])], new Dictionary<string, string>(), [], 12);
        return (record, json, named);
    }

    [NginxFact]
    public async Task FetchExecution_AfterAnotherStoreUploaded_StoresRecordOutputsAndNamedObjectsVerified()
    {
        var url = Server.Fresh();
        var (a, b) = (NewStore(), NewStore());
        var (record, json, named) = Execution(a);
        using (var remote = new HttpRemoteCache(Settings(url), a, _ => { }))
        {
            await remote.UploadAsync(record, [], CancellationToken.None);
            Assert.Equal(1, remote.Stats.RecordsUp);
            Assert.Equal(2, remote.Stats.ObjectsUp);
        }
        using var member2 = new HttpRemoteCache(Settings(url), b, _ => { });

        var fetched = await member2.FetchExecutionAsync(Digest.Parse(record.CacheKey), CancellationToken.None);

        Assert.NotNull(fetched);
        Assert.Equal(CanonicalJson.Serialize(record), CanonicalJson.Serialize(fetched));
        Assert.Equal(a.ReadAll(json), b.ReadAll(json));
        Assert.Equal(a.ReadAll(named), b.ReadAll(named));
        Assert.Equal((1L, 2L), (member2.Stats.Hits, member2.Stats.ObjectsDown));
    }

    [NginxFact]
    public async Task ShareCached_RemoteLacksTheRecord_UploadsItsObjectsThenTheRecord_AndOnlyOnce()
    {
        var url = Server.Fresh();
        var (a, b) = (NewStore(), NewStore());
        var (record, json, named) = Execution(a);
        using (var warm = new HttpRemoteCache(Settings(url), a, _ => { }))
        {
            await warm.ShareCachedAsync(record, CancellationToken.None);
            Assert.Equal((1L, 2L, 0L), (warm.Stats.RecordsUp, warm.Stats.ObjectsUp, warm.Stats.Unshared));
        }
        using (var again = new HttpRemoteCache(Settings(url), a, _ => { }))
        {
            await again.ShareCachedAsync(record, CancellationToken.None); // the remote has it: one HEAD, nothing sent
            Assert.Equal((0L, 0L), (again.Stats.RecordsUp, again.Stats.ObjectsUp));
        }
        using var member2 = new HttpRemoteCache(Settings(url), b, _ => { });

        Assert.NotNull(await member2.FetchExecutionAsync(Digest.Parse(record.CacheKey), CancellationToken.None));
        Assert.Equal(a.ReadAll(named), b.ReadAll(named));
        Assert.True(b.Exists(json));
        Assert.Empty(Directory.GetFiles(Path.Combine(b.Root, "tmp")));
    }

    [NginxFact]
    public async Task ShareCached_ReadOnlyMember_SendsNothing()
    {
        var url = Server.Fresh();
        var a = NewStore();
        var (record, _, _) = Execution(a);
        using var remote = new HttpRemoteCache(Settings(url, upload: false), a, _ => { });

        await remote.ShareCachedAsync(record, CancellationToken.None);

        Assert.False(Directory.Exists(Server.FileOf(url, "")));
    }

    [NginxFact]
    public async Task FetchExecution_ServerReturnsCorruptObject_IsAMissWithOneNoticeAndNothingStored()
    {
        var url = Server.Fresh();
        var (a, b) = (NewStore(), NewStore());
        var (record, json, named) = Execution(a);
        using (var remote = new HttpRemoteCache(Settings(url), a, _ => { })) await remote.UploadAsync(record, [], CancellationToken.None);
        var onServer = Server.FileOf(url, $"cas/{named.Hex}");
        var bytes = File.ReadAllBytes(onServer);
        bytes[100] ^= 0x20; // same length, wrong bytes
        File.WriteAllBytes(onServer, bytes);
        var notices = new List<string>();
        using var member2 = new HttpRemoteCache(Settings(url), b, notices.Add);

        var fetched = await member2.FetchExecutionAsync(Digest.Parse(record.CacheKey), CancellationToken.None);
        var again = await member2.FetchExecutionAsync(Digest.Parse(record.CacheKey), CancellationToken.None);

        Assert.Null(fetched);
        Assert.Null(again);
        Assert.False(b.Exists(named));
        Assert.Equal(2, member2.Stats.Corrupt);
        var notice = Assert.Single(notices);
        Assert.Contains($"cas/{named.Hex} is corrupt (expected {named}, got {Digest.Of(bytes)})", notice);
        Assert.True(member2.IsAvailable); // a wrong body is a miss, not an outage
        Assert.False(b.Exists(json)); // a failed fetch keeps nothing: its verified objects were only staged in its batch, and the wrong one never lands
    }

    [NginxFact]
    public async Task FetchExecution_RecordStoredUnderAnotherKey_IsAMiss()
    {
        var url = Server.Fresh();
        var (a, b) = (NewStore(), NewStore());
        var (record, _, _) = Execution(a);
        using (var remote = new HttpRemoteCache(Settings(url), a, _ => { })) await remote.UploadAsync(record, [], CancellationToken.None);
        var otherKey = Digest.Of("another stage identity"u8);
        File.Copy(Server.FileOf(url, $"ac/{Digest.Parse(record.CacheKey).Hex}"), Server.FileOf(url, $"ac/{otherKey.Hex}"));
        using var member2 = new HttpRemoteCache(Settings(url), b, _ => { });

        Assert.Null(await member2.FetchExecutionAsync(otherKey, CancellationToken.None));
        Assert.Equal(1, member2.Stats.Corrupt);
        Assert.NotNull(await member2.FetchExecutionAsync(Digest.Parse(record.CacheKey), CancellationToken.None));
    }

    [NginxFact]
    public async Task FetchExecution_TruncatedRecord_IsAMiss()
    {
        var url = Server.Fresh();
        var (a, b) = (NewStore(), NewStore());
        var (record, _, _) = Execution(a);
        using (var remote = new HttpRemoteCache(Settings(url), a, _ => { })) await remote.UploadAsync(record, [], CancellationToken.None);
        var onServer = Server.FileOf(url, $"ac/{Digest.Parse(record.CacheKey).Hex}");
        File.WriteAllBytes(onServer, File.ReadAllBytes(onServer)[..40]);
        using var member2 = new HttpRemoteCache(Settings(url), b, _ => { });

        Assert.Null(await member2.FetchExecutionAsync(Digest.Parse(record.CacheKey), CancellationToken.None));
        Assert.Equal(1, member2.Stats.Corrupt);
    }

    [NginxFact]
    public async Task TryFetchMemo_AfterUploadWithMemoEntries_StoresTheValueObject()
    {
        var url = Server.Fresh();
        var (a, b) = (NewStore(), NewStore());
        var (record, _, _) = Execution(a);
        var memoKey = Digest.Of("memo key of one clip"u8);
        var vector = a.Put(Encoding.UTF8.GetBytes("a clip's embedding " + Guid.NewGuid()));
        using (var remote = new HttpRemoteCache(Settings(url), a, _ => { })) await remote.UploadAsync(record, [new(memoKey, vector)], CancellationToken.None);
        using var member2 = new HttpRemoteCache(Settings(url), b, _ => { });

        Assert.True(member2.TryFetchMemo(memoKey, out var value));
        Assert.Equal(vector, value);
        Assert.Equal(a.ReadAll(vector), b.ReadAll(vector));
        Assert.False(member2.TryFetchMemo(Digest.Of("no such clip"u8), out _));
    }

    [NginxFact]
    public async Task Upload_ReadOnlyMember_PutsNothing()
    {
        var url = Server.Fresh();
        var a = NewStore();
        var (record, _, _) = Execution(a);
        using var remote = new HttpRemoteCache(Settings(url, upload: false), a, _ => { });

        await remote.UploadAsync(record, [], CancellationToken.None);

        Assert.False(Directory.Exists(Server.FileOf(url, "")));
        Assert.Equal(0, remote.Stats.ObjectsUp);
    }

    [NginxFact]
    public async Task StoppedServer_OneNoticeThenEveryCallIsAMissAtOnce()
    {
        const int port = 18791;
        var own = NginxCache.Start(port);
        var url = own.Fresh();
        var (a, b) = (NewStore(), NewStore());
        var (record, _, _) = Execution(a);
        using (var remote = new HttpRemoteCache(Settings(url), a, _ => { })) await remote.UploadAsync(record, [], CancellationToken.None);
        NginxCache.Stop(port);
        var notices = new List<string>();
        using var member2 = new HttpRemoteCache(Settings(url), b, notices.Add);

        var fetched = await member2.FetchExecutionAsync(Digest.Parse(record.CacheKey), CancellationToken.None);
        var memo = member2.TryFetchMemo(Digest.Of("x"u8), out _);
        await member2.UploadAsync(Execution(b, "local").Record, [], CancellationToken.None);

        Assert.Null(fetched);
        Assert.False(memo);
        Assert.False(member2.IsAvailable);
        var notice = Assert.Single(notices);
        Assert.StartsWith($"remote cache {url.AbsoluteUri} unavailable (GET ac/", notice);
        Assert.EndsWith("; continuing with local work", notice);
    }
}

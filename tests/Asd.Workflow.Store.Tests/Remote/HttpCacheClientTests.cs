using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Store.Objects;
using Asd.Workflow.Store.Remote;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Store.Tests.Remote;

/// <summary>
/// The client against a scripted loopback server (raw HTTP/1.1 over TCP): answers a real server never gives on
/// purpose — bodies cut short of their Content-Length, 503 then 200, a refused PUT — and the order of requests.
/// </summary>
public sealed class HttpCacheClientTests
{
    private static RemoteCacheSettings Settings(Uri url) =>
        new() { Url = url, Retries = 2, RetryDelay = TimeSpan.FromMilliseconds(5), Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Get_BodyCutShortOfContentLength_IsACorruptMissNotAnOutage()
    {
        using var server = new ScriptedServer(_ => "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{\"cache_key\":");
        var notices = new List<string>();
        using var remote = new HttpRemoteCache(Settings(server.Url), new FileSystemArtifactStore(RepoPaths.TempDir("cut")), notices.Add);

        var record = await remote.FetchExecutionAsync(Digest.Of("k"u8), CancellationToken.None);

        Assert.Null(record);
        Assert.Equal(1, remote.Stats.Corrupt);
        Assert.True(remote.IsAvailable);
        Assert.Contains("body ended before its Content-Length", Assert.Single(notices));
    }

    [Fact]
    public async Task FetchExecution_ObjectCutShort_NothingStoredAndNoTempFileLeft()
    {
        var source = new FileSystemArtifactStore(RepoPaths.TempDir("cut-source"));
        var (record, json, _) = HttpRemoteCacheTests.Execution(source);
        var body = Encoding.UTF8.GetString(Core.Json.CanonicalJson.Serialize(record));
        using var server = new ScriptedServer(line => line.StartsWith("GET /ac/", StringComparison.Ordinal)
            ? $"HTTP/1.1 200 OK\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}"
            : "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n{\"clips\":");
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("cut-target"));
        using var remote = new HttpRemoteCache(Settings(server.Url), store, _ => { });

        Assert.Null(await remote.FetchExecutionAsync(Digest.Parse(record.CacheKey), CancellationToken.None));

        Assert.False(store.Exists(json));
        Assert.Empty(store.List());
        Assert.Empty(Directory.GetFiles(Path.Combine(store.Root, "tmp")));
        Assert.Equal(1, remote.Stats.Corrupt);
    }

    [Fact]
    public void Get_503ThenFound_RetriedAndUsed()
    {
        var value = Digest.Of("v"u8);
        var key = Digest.Of("k"u8);
        var body = $"{{\"key\":\"{key}\",\"value\":\"{value}\"}}";
        var answers = 0;
        using var server = new ScriptedServer(_ => Interlocked.Increment(ref answers) <= 2
            ? "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            : $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("retry"));
        store.Put("v"u8); // the value object is already local: only the memo entry travels
        using var remote = new HttpRemoteCache(Settings(server.Url), store, _ => { });

        Assert.True(remote.TryFetchMemo(key, out var fetched));
        Assert.Equal(value, fetched);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Get_503BeyondTheRetries_TurnsTheClientOffWithOneNotice()
    {
        using var server = new ScriptedServer(_ => "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        var notices = new List<string>();
        using var remote = new HttpRemoteCache(Settings(server.Url), new FileSystemArtifactStore(RepoPaths.TempDir("down")), notices.Add);

        Assert.Null(await remote.FetchExecutionAsync(Digest.Of("a"u8), CancellationToken.None));
        Assert.Null(await remote.FetchExecutionAsync(Digest.Of("b"u8), CancellationToken.None));

        Assert.Equal(3, server.Requests.Count); // 1 + 2 retries, then nothing more is asked
        Assert.Contains("503 Service Unavailable after 2 retries", Assert.Single(notices));
    }

    [Fact]
    public async Task Upload_ObjectsBeforeMemoEntriesBeforeTheRecord_AndNoRecordWhenAnObjectIsRefused()
    {
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("order"));
        var (record, _, _) = HttpRemoteCacheTests.Execution(store);
        var memoValue = store.Put("vector"u8);
        using var server = new ScriptedServer(request => request.StartsWith("HEAD", StringComparison.Ordinal)
            ? "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            : "HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        using (var remote = new HttpRemoteCache(Settings(server.Url), store, _ => { }))
            await remote.UploadAsync(record, [new(Digest.Of("memo"u8), memoValue)], CancellationToken.None);
        var puts = server.Requests.Where(r => r.StartsWith("PUT", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, puts.Count); // 3 objects, 1 memo entry, 1 record
        Assert.All(puts.Take(3), p => Assert.StartsWith("PUT /cas/", p));
        Assert.StartsWith($"PUT /ac/{Digest.Of("memo"u8).Hex}", puts[3]);
        Assert.StartsWith($"PUT /ac/{Digest.Parse(record.CacheKey).Hex}", puts[4]);

        using var refusing = new ScriptedServer(request => request.StartsWith("HEAD", StringComparison.Ordinal)
            ? "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            : "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        using (var remote = new HttpRemoteCache(Settings(refusing.Url), store, _ => { }))
            await remote.UploadAsync(record, [], CancellationToken.None);
        Assert.DoesNotContain(refusing.Requests, r => r.StartsWith("PUT /ac/", StringComparison.Ordinal));
    }

    /// <summary>One request per connection; the script maps its request line to the raw response.</summary>
    private sealed class ScriptedServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public ScriptedServer(Func<string, string> script)
        {
            _listener.Start();
            Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    TcpClient client;
                    try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                    catch (OperationCanceledException) { return; }
                    _ = Task.Run(() => Serve(client, script));
                }
            });
        }

        public Uri Url { get; }

        public ConcurrentQueue<string> Requests { get; } = new();

        private async Task Serve(TcpClient client, Func<string, string> script)
        {
            using (client)
            {
                var stream = client.GetStream();
                var head = await ReadHead(stream);
                var line = head.Split("\r\n")[0];
                var length = head.Split("\r\n").Select(h => h.Split(':', 2)).Where(h => h.Length == 2 && h[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    .Select(h => int.Parse(h[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                var body = new byte[length];
                for (var read = 0; read < length;) read += await stream.ReadAsync(body.AsMemory(read));
                Requests.Enqueue(line);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(script(line)));
            }
        }

        private static async Task<string> ReadHead(NetworkStream stream)
        {
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1) head.Append((char)one[0]);
            return head.ToString();
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Store.Remote;

/// <summary>
/// A team cache over Bazel's HTTP remote-cache protocol (bazel-remote, nginx WebDAV, any server that stores
/// what is PUT and returns it on GET, 404 when absent):
/// <list type="bullet">
/// <item><c>cas/&lt;sha256 hex&gt;</c>: an object, named by the SHA-256 of its bytes (as in Bazel);</item>
/// <item><c>ac/&lt;cache key hex&gt;</c>: asd's own execution record (canonical JSON of <see cref="ExecutionRecord"/>),
///   not Bazel's ActionResult protobuf, so bazel-remote needs <c>--disable_http_ac_validation</c>;</item>
/// <item><c>ac/&lt;memo key hex&gt;</c>: a per-clip memo entry, <c>{"key":"sha256:…","value":"sha256:…"}</c>.</item>
/// </list>
/// Nothing fetched is trusted: an object whose bytes do not hash to its name, a body shorter than its
/// Content-Length, a record that is not JSON or whose key document does not hash to the key it was asked for,
/// is a miss (counted, first one said in a notice). Only verified bytes reach the local store, and a record is
/// returned only once every object its outputs reach is stored locally.
/// </summary>
public sealed class HttpRemoteCache : IRemoteCache, IDisposable
{
    private readonly HttpCacheClient _client;
    private readonly IArtifactStore _store;
    private readonly Action<string> _notice;
    private int _corruptSaid;
    // One upload per object at a time: shards that share objects wait for the same one.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Digest, Lazy<Task<bool>>> _uploads = new();

    public HttpRemoteCache(RemoteCacheSettings settings, IArtifactStore store, Action<string> notice, TimeProvider? time = null)
        : this(settings, store, notice, time, handler: null) { }

    internal HttpRemoteCache(RemoteCacheSettings settings, IArtifactStore store, Action<string> notice, TimeProvider? time, HttpMessageHandler? handler)
    {
        Settings = settings;
        _store = store;
        _notice = notice;
        _client = new HttpCacheClient(settings, RemoteCredentials.Resolve(settings), line => _notice(line), time, handler);
    }

    public RemoteCacheSettings Settings { get; }

    public RemoteCacheStats Stats { get; } = new();

    public bool Uploads => Settings.Upload;

    /// <summary>False once the remote failed beyond retrying (one notice said so); the run goes on locally.</summary>
    public bool IsAvailable => _client.IsOn;

    public async Task<ExecutionRecord?> FetchExecutionAsync(Digest key, CancellationToken cancellationToken)
    {
        var path = $"ac/{key.Hex}";
        var fetched = await _client.GetAsync(path, ReadToEnd, cancellationToken);
        if (fetched.Value is not { } body) return Miss(fetched.Truncated, path);
        var record = ParseRecord(body, key);
        if (record is null) return Corrupt<ExecutionRecord>(path, "not an execution record for this key");
        Stats.Add(ref Stats.BytesDown, body.Length);
        // The record's objects are written while verified, made durable together, and only then visible (ObjectBatch);
        // the record object itself joins them, so the caller's index entry comes after all of it is durable.
        using var batch = _store.BeginBatch();
        if (!await FetchClosureAsync(record.Outputs.Select(o => Digest.Parse(o.Digest)).ToList(), batch, cancellationToken))
        {
            Stats.Add(ref Stats.Misses, 1);
            return null;
        }
        batch.Put(new MemoryStream(RecordDigest.Bytes(record)));
        await batch.CommitAsync(cancellationToken);
        Stats.Add(ref Stats.Hits, 1);
        return record;
    }

    public bool TryFetchMemo(Digest key, out Digest value)
    {
        value = default;
        var path = $"ac/{key.Hex}";
        var fetched = _client.Get(path, ReadToEnd);
        if (fetched.Value is not { } body) { Miss(fetched.Truncated, path); return false; }
        if (ParseMemo(body, key) is not { } found) { Corrupt<object>(path, "not a memo entry for this key"); return false; }
        if (!_store.Exists(found))
        {
            // Hashed once, while stored (a single object: its Put is durable on its own).
            var objectPath = $"cas/{found.Hex}";
            var stored = _client.Get(objectPath, _store.Put);
            if (!Verified(stored, found, objectPath)) { Stats.Add(ref Stats.Misses, 1); return false; }
        }
        Stats.Add(ref Stats.MemoHits, 1);
        value = found;
        return true;
    }

    public async Task UploadAsync(ExecutionRecord record, IReadOnlyCollection<KeyValuePair<Digest, Digest>> memo, CancellationToken cancellationToken)
    {
        if (!Uploads || !_client.IsOn) return;
        if (!await TryUploadAsync(record, memo, cancellationToken)) Stats.Add(ref Stats.Unshared, 1);
    }

    /// <summary>
    /// A shard found in the local cache: shared when the remote lacks its record (one HEAD of <c>ac/</c> first, so a
    /// record the remote has costs one request), then as an executed one — objects the remote lacks, then the record.
    /// </summary>
    public async Task ShareCachedAsync(ExecutionRecord record, CancellationToken cancellationToken)
    {
        if (!Uploads || !_client.IsOn) return;
        if (await _client.ExistsAsync($"ac/{Digest.Parse(record.CacheKey).Hex}", cancellationToken)) return;
        if (!_client.IsOn) return;
        if (!await TryUploadAsync(record, [], cancellationToken)) Stats.Add(ref Stats.Unshared, 1);
    }

    /// <summary>Objects, then memo entries, then the record: false when something could not be uploaded (the record then is not).</summary>
    private async Task<bool> TryUploadAsync(ExecutionRecord record, IReadOnlyCollection<KeyValuePair<Digest, Digest>> memo, CancellationToken cancellationToken)
    {
        var objects = ObjectReferences.Reachable(_store, record.Outputs.Select(o => Digest.Parse(o.Digest)));
        objects.UnionWith(memo.Select(m => m.Value));
        if (objects.Any(o => !_store.Exists(o))) return false; // a record whose outputs cannot all be uploaded is not shared
        var stored = await Task.WhenAll(objects.Select(o => Once(_uploads, o, () => UploadObjectAsync(o, cancellationToken))));
        if (stored.Any(ok => !ok)) return false;
        var entries = await Task.WhenAll(memo.Select(m => PutJsonAsync($"ac/{m.Key.Hex}", MemoEntry(m.Key, m.Value), cancellationToken)));
        if (entries.Any(ok => !ok)) return false;
        if (!await PutJsonAsync($"ac/{Digest.Parse(record.CacheKey).Hex}", CanonicalJson.Serialize(record), cancellationToken)) return false;
        Stats.Add(ref Stats.RecordsUp, 1);
        return true;
    }

    /// <summary>
    /// Every object the roots reach (objects named inside JSON objects, as gc follows them), wave by wave, into
    /// <paramref name="batch"/>: a JSON object is read back from the batch for the names of the next wave.
    /// </summary>
    private async Task<bool> FetchClosureAsync(IReadOnlyList<Digest> roots, IObjectBatch batch, CancellationToken cancellationToken)
    {
        var seen = new HashSet<Digest>(roots);
        var wave = roots.ToList();
        while (wave.Count > 0)
        {
            var present = await Task.WhenAll(wave.Select(d => EnsureStagedAsync(d, batch, cancellationToken)));
            if (present.Any(p => !p)) return false;
            wave = wave.SelectMany(d => Named(batch, d)).Where(seen.Add).ToList();
        }
        return true;
    }

    private static IReadOnlyList<Digest> Named(IObjectBatch batch, Digest digest)
    {
        using var stream = batch.Open(digest);
        return ObjectReferences.Named(stream);
    }

    /// <summary>The transfer of <paramref name="digest"/> in flight or done; a failed one is forgotten, so a later shard may try again.</summary>
    private static async Task<bool> Once(System.Collections.Concurrent.ConcurrentDictionary<Digest, Lazy<Task<bool>>> transfers, Digest digest, Func<Task<bool>> transfer)
    {
        var lazy = transfers.GetOrAdd(digest, _ => new Lazy<Task<bool>>(transfer));
        var ok = await lazy.Value;
        if (!ok) transfers.TryRemove(new KeyValuePair<Digest, Lazy<Task<bool>>>(digest, lazy));
        return ok;
    }

    /// <summary>
    /// A local object, or one downloaded into the batch, verified while written. Not shared with other records'
    /// fetches in flight: an object waits in its batch until that batch commits, so waiting for another batch could
    /// deadlock; two records naming one object not yet stored each fetch it (both verified, the second rename a no-op).
    /// </summary>
    private async Task<bool> EnsureStagedAsync(Digest digest, IObjectBatch batch, CancellationToken cancellationToken)
    {
        if (_store.Exists(digest)) return true; // a local copy is verified when it is read
        var path = $"cas/{digest.Hex}";
        var stored = await _client.GetAsync(path, batch.Put, cancellationToken);
        return Verified(stored, digest, path);
    }

    /// <summary>Whether a GET stored the object it was asked for; a miss or a corrupt body (counted) otherwise.</summary>
    private bool Verified(Fetched<Digest> fetched, Digest digest, string path)
    {
        if (!fetched.Found) { Miss(fetched.Truncated, path); return false; }
        // Stored under the digest its bytes have: a wrong body lands under its own name (a valid object gc removes), never under ours.
        if (fetched.Value != digest) { Corrupt<object>(path, $"expected {digest}, got {fetched.Value}"); return false; }
        Stats.Add(ref Stats.ObjectsDown, 1);
        Stats.Add(ref Stats.BytesDown, fetched.Bytes);
        return true;
    }

    private static byte[] ReadToEnd(Stream body)
    {
        using var buffer = new MemoryStream();
        body.CopyTo(buffer);
        return buffer.ToArray();
    }

    private async Task<bool> UploadObjectAsync(Digest digest, CancellationToken cancellationToken)
    {
        var path = $"cas/{digest.Hex}";
        if (await _client.ExistsAsync(path, cancellationToken)) return true;
        if (!_client.IsOn) return false;
        var size = _store.Size(digest);
        var ok = await _client.PutAsync(path, () =>
        {
            // Read through the store's verifying stream: a local object that went bad fails the upload, never spreads.
            var content = new StreamContent(_store.Open(digest));
            content.Headers.ContentLength = size;
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return content;
        }, cancellationToken);
        if (ok) { Stats.Add(ref Stats.ObjectsUp, 1); Stats.Add(ref Stats.BytesUp, size); }
        return ok;
    }

    private Task<bool> PutJsonAsync(string path, byte[] body, CancellationToken cancellationToken) =>
        _client.PutAsync(path, () =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return content;
        }, cancellationToken);

    /// <summary>A record is accepted only for the key it was asked for: its key document must hash to that key.</summary>
    private static ExecutionRecord? ParseRecord(byte[] body, Digest key)
    {
        try
        {
            var record = JsonDefaults.Deserialize<ExecutionRecord>(body);
            if (record.KeyDocument is null || record.Outputs is null || record.Inputs is null || record.CacheKey != key.ToString()) return null;
            if (Digest.Of(Encoding.UTF8.GetBytes(record.KeyDocument)) != key) return null;
            return record.Outputs.All(o => o is not null && Digest.TryParse(o.Digest, out _)) ? record : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or FormatException) { return null; }
    }

    private static byte[] MemoEntry(Digest key, Digest value) =>
        CanonicalJson.Serialize(new SortedDictionary<string, string>(StringComparer.Ordinal) { ["key"] = key.ToString(), ["value"] = value.ToString() });

    private static Digest? ParseMemo(byte[] body, Digest key)
    {
        try
        {
            var entry = JsonDefaults.Deserialize<Dictionary<string, string>>(body);
            return entry.GetValueOrDefault("key") == key.ToString() && entry.GetValueOrDefault("value") is { } text && Digest.TryParse(text, out var value) ? value : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException) { return null; }
    }

    private ExecutionRecord? Miss(bool truncated, string path)
    {
        if (truncated) Corrupt<object>(path, "body ended before its Content-Length");
        Stats.Add(ref Stats.Misses, 1);
        return null;
    }

    private T? Corrupt<T>(string path, string why) where T : class
    {
        Stats.Add(ref Stats.Corrupt, 1);
        if (Interlocked.Exchange(ref _corruptSaid, 1) == 0)
            _notice($"remote cache {Settings.Display}: {path} is corrupt ({why}); ignored, computed locally (later ones only counted)");
        return null;
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>What the team cache did in one command: for the summary line and for tests.</summary>
public sealed class RemoteCacheStats
{
    public long Hits, Misses, MemoHits, Corrupt, ObjectsDown, BytesDown, ObjectsUp, BytesUp, RecordsUp;

    /// <summary>Records that should have gone up (executed, or cached and absent remotely) but could not: an object missing or a PUT refused.</summary>
    public long Unshared;

    internal void Add(ref long field, long amount) => Interlocked.Add(ref field, amount);

    public override string ToString() =>
        $"{Hits} hit(s), {Misses} miss(es), {MemoHits} memo hit(s), {ObjectsDown} object(s) down ({BytesDown / 1e6:0.0} MB), " +
        $"{ObjectsUp} up ({BytesUp / 1e6:0.0} MB), {RecordsUp} record(s) up" + (Corrupt > 0 ? $", {Corrupt} corrupt ignored" : "");
}

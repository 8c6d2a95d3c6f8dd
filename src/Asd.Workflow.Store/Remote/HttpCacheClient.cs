using System.Net;
using Asd.Workflow.Core.Hashing;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Asd.Workflow.Store.Remote;

/// <summary>What a GET found: the value read from its body (and the body's Content-Length), nothing (404), or a body that ended before its Content-Length.</summary>
internal readonly record struct Fetched<T>(bool Found, T? Value, bool Truncated, long Bytes = 0)
{
    public static readonly Fetched<T> Absent = new(false, default, false);
}

/// <summary>
/// HTTP for Bazel's remote-cache protocol: GET/HEAD/PUT of <c>cas/&lt;hex&gt;</c> and <c>ac/&lt;hex&gt;</c> below one
/// base URL. One <see cref="HttpClient"/> over one <see cref="SocketsHttpHandler"/> (keep-alive connections, at
/// most <see cref="RemoteCacheSettings.MaxConcurrency"/> of them and as many requests in flight); each attempt
/// has a timeout and failed attempts (connection errors, timeouts, 5xx, 408, 429) are retried with exponential
/// backoff and jitter (one Polly pipeline for the synchronous and asynchronous paths). After the retries, or on
/// an answer no retry can change (401, 403, 405…), the client turns itself off: one notice line, and every later
/// call is a miss at once. It never throws for a remote failure.
/// </summary>
internal sealed class HttpCacheClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline _pipeline;
    private readonly SemaphoreSlim _slots;
    private readonly RemoteCacheSettings _settings;
    private readonly RemoteCredentials _credentials;
    private readonly Action<string> _notice;
    private int _off;

    public HttpCacheClient(RemoteCacheSettings settings, RemoteCredentials credentials, Action<string> notice, TimeProvider? time = null,
        HttpMessageHandler? handler = null)
    {
        _settings = settings;
        _credentials = credentials;
        _notice = notice;
        _slots = new SemaphoreSlim(settings.MaxConcurrency);
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            MaxConnectionsPerServer = settings.MaxConcurrency,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            ConnectTimeout = settings.Timeout,
            AutomaticDecompression = DecompressionMethods.None, // digests are of the stored bytes
        }) { BaseAddress = settings.Url, Timeout = System.Threading.Timeout.InfiniteTimeSpan }; // the pipeline times each attempt
        var builder = new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System };
        if (settings.Retries > 0)
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<IOException>().Handle<TimeoutRejectedException>().Handle<RetryableStatus>(),
                MaxRetryAttempts = settings.Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryDelay,
            });
        _pipeline = builder.AddTimeout(settings.Timeout).Build();
    }

    /// <summary>False once the remote failed beyond retrying; every call is then a miss or a no-op.</summary>
    public bool IsOn => Volatile.Read(ref _off) == 0;

    /// <summary>GET, its body handed to <paramref name="read"/> as a stream (the caller hashes while it stores: one pass, no copy of the whole body).</summary>
    public Task<Fetched<T>> GetAsync<T>(string path, Func<Stream, T> read, CancellationToken cancellationToken) =>
        GuardAsync(path, "GET", Fetched<T>.Absent, () => _pipeline.ExecuteAsync(token => GetAttemptAsync(path, read, sync: false, token), cancellationToken).AsTask());

    /// <summary>The same GET for a synchronous caller (an activity asking its memo clip by clip), with synchronous I/O throughout.</summary>
    public Fetched<T> Get<T>(string path, Func<Stream, T> read) => Guard(path, "GET", Fetched<T>.Absent, () => _pipeline.Execute(token =>
    {
        var attempt = GetAttemptAsync(path, read, sync: true, token);
        System.Diagnostics.Debug.Assert(attempt.IsCompleted, "with sync: true nothing is awaited");
        return attempt.GetAwaiter().GetResult();
    }));

    /// <summary>
    /// One GET attempt, the only copy of the GET logic: a slot, the request, 404 as absent, the status check, the
    /// body streamed to <paramref name="read"/>, a body cut short as truncated. With <paramref name="sync"/> it
    /// uses the synchronous calls only and so completes before it returns (the pattern of .NET's own streams).
    /// </summary>
    private async ValueTask<Fetched<T>> GetAttemptAsync<T>(string path, Func<Stream, T> read, bool sync, CancellationToken token)
    {
        if (sync) _slots.Wait(token);
        else await _slots.WaitAsync(token);
        try
        {
            var request = Request(HttpMethod.Get, path);
            using var response = sync ? _http.Send(request, HttpCompletionOption.ResponseHeadersRead, token)
                : await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            if (response.StatusCode == HttpStatusCode.NotFound) return Fetched<T>.Absent;
            Check(response, "GET", path);
            using var body = sync ? response.Content.ReadAsStream(token) : await response.Content.ReadAsStreamAsync(token);
            try { return new Fetched<T>(true, read(body), false, response.Content.Headers.ContentLength ?? 0); }
            catch (HttpIOException ex) when (ex.HttpRequestError == HttpRequestError.ResponseEnded) { return new Fetched<T>(false, default, true); }
        }
        finally { _slots.Release(); }
    }

    /// <summary>HEAD: whether the remote has the entry (false also when it is off).</summary>
    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken) => GuardAsync(path, "HEAD", false, () => _pipeline.ExecuteAsync(async token =>
    {
        await _slots.WaitAsync(token);
        try
        {
            using var response = await _http.SendAsync(Request(HttpMethod.Head, path), token);
            if (response.StatusCode == HttpStatusCode.NotFound) return false;
            Check(response, "HEAD", path);
            return true;
        }
        finally { _slots.Release(); }
    }, cancellationToken).AsTask());

    /// <summary>PUT; <paramref name="content"/> makes the body for each attempt. True when stored.</summary>
    public Task<bool> PutAsync(string path, Func<HttpContent> content, CancellationToken cancellationToken) => GuardAsync(path, "PUT", false, () => _pipeline.ExecuteAsync(async token =>
    {
        await _slots.WaitAsync(token);
        try
        {
            var request = Request(HttpMethod.Put, path);
            request.Content = content();
            using var response = await _http.SendAsync(request, token);
            Check(response, "PUT", path);
            return true;
        }
        finally { _slots.Release(); }
    }, cancellationToken).AsTask());

    /// <summary>Turns the client off with one notice (the first failure only says it).</summary>
    public void TurnOff(string why)
    {
        if (Interlocked.Exchange(ref _off, 1) == 0)
            _notice($"remote cache {_settings.Display} unavailable ({why}); continuing with local work");
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path) { Version = HttpVersion.Version11 };
        _credentials.Apply(request.Headers);
        return request;
    }

    private static void Check(HttpResponseMessage response, string method, string path)
    {
        if (response.IsSuccessStatusCode) return;
        var code = (int)response.StatusCode;
        var what = $"{method} {path}: {code} {response.ReasonPhrase}";
        if (code >= 500 || code is 408 or 429) throw new RetryableStatus(what);
        throw new RefusedStatus(code is 401 or 403 ? what + "; check the remote-cache credentials" : what);
    }

    private T Guard<T>(string path, string method, T miss, Func<T> call)
    {
        if (!IsOn) return miss;
        try { return call(); }
        catch (Exception ex) when (IsRemoteFailure(ex)) { TurnOff(Describe(ex, method, path)); return miss; }
    }

    private async Task<T> GuardAsync<T>(string path, string method, T miss, Func<Task<T>> call)
    {
        if (!IsOn) return miss;
        try { return await call(); }
        catch (Exception ex) when (IsRemoteFailure(ex)) { TurnOff(Describe(ex, method, path)); return miss; }
    }

    // Cancellation of the run itself is not a remote failure; a timeout of an attempt is (TimeoutRejectedException).
    private static bool IsRemoteFailure(Exception ex) =>
        ex is HttpRequestException or IOException or TimeoutRejectedException or RetryableStatus or RefusedStatus
            or System.Security.Authentication.AuthenticationException;

    private string Describe(Exception ex, string method, string path) => ex switch
    {
        RetryableStatus or RefusedStatus => ex.Message + (ex is RetryableStatus ? $" after {_settings.Retries} retries" : ""),
        TimeoutRejectedException => $"{method} {path}: no answer within {_settings.Timeout.TotalSeconds:0.#} s, {_settings.Retries} retries",
        HttpRequestException { InnerException: { } inner } => $"{method} {path}: {inner.Message}",
        _ => $"{method} {path}: {ex.Message}",
    };

    public void Dispose()
    {
        _http.Dispose();
        _slots.Dispose();
    }

    /// <summary>An answer worth retrying (5xx, 408, 429).</summary>
    private sealed class RetryableStatus(string message) : Exception(message);

    /// <summary>An answer no retry changes (401, 403, 405…).</summary>
    private sealed class RefusedStatus(string message) : Exception(message);
}

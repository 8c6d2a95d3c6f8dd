using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Audio.Decoding;

/// <summary>
/// A clip's audio as the decode stage validated it, read again from the data set when features are computed:
/// the file's bytes are hashed and must still have the recorded digest, then decoded; views are formed and
/// resampled on demand. Nothing of it is stored: the store keeps features, not audio (docs/caching.md). Read with
/// <see cref="SampleBuffers"/>, its channels and formed views go back to them when it is disposed: a view must
/// not be used after that.
/// </summary>
public sealed class ClipAudio : IDisposable
{
    private readonly DecodedAudio _audio;
    private readonly string _path;
    private readonly bool _fellBack;
    private readonly int _rate;
    private readonly Dictionary<(string View, int Rate), float[]> _views = [];
    private readonly SampleBuffers? _buffers;

    private ClipAudio(DecodedAudio audio, string path, bool fellBack, int rate, SampleBuffers? buffers) =>
        (_audio, _path, _fellBack, _rate, _buffers) = (audio, path, fellBack, rate, buffers);

    /// <summary>
    /// Reads and decodes the clip at <paramref name="path"/>, which must hash to <paramref name="sha256"/>;
    /// <paramref name="rate"/> is the decode stage's rate, <paramref name="fellBack"/> whether its views needing
    /// channel 1 fell back to near (a mono clip). Sample arrays come from <paramref name="buffers"/> when given.
    /// </summary>
    public static ClipAudio Read(string path, string sha256, int rate, bool fellBack, SampleBuffers? buffers = null)
    {
        using var bytes = ReadVerified(path, sha256);
        return new ClipAudio(WavDecoder.Decode(bytes.Buffer, bytes.Length, path, buffers), path, fellBack, rate, buffers);
    }

    /// <summary>Gives the channels and formed views back to the buffers the clip was read with (each array once).</summary>
    public void Dispose()
    {
        if (_buffers is null) return;
        var given = new HashSet<float[]>(ReferenceEqualityComparer.Instance);
        foreach (var array in _audio.Channels.Concat(_views.Values))
            if (given.Add(array)) _buffers.Give(array);
        _views.Clear();
    }

    /// <summary>The clip's bytes (pooled: dispose them), which must hash to <paramref name="sha256"/> (the digest the data-set scan recorded).</summary>
    public static ClipBytes ReadVerified(string path, string sha256)
    {
        var bytes = WavDecoder.ReadClip(path);
        var actual = Digest.Of(bytes.Span).Hex;
        if (actual == sha256) return bytes;
        bytes.Dispose();
        throw AsdException.Failed($"{path}: changed since the data set was scanned (expected sha256:{sha256}, got sha256:{actual}); rerun to rescan");
    }

    /// <summary>
    /// One view at the decode rate, resampled to <paramref name="rate"/>: formed once per (view, rate) and kept
    /// while this instance lives. The bits are those the decode stage used to store (float32 at its rate, then
    /// resampled by the encoder's rate).
    /// </summary>
    public float[] View(string view, int rate)
    {
        if (_views.TryGetValue((view, rate), out var cached)) return cached;
        float[] result;
        if (rate != _rate) result = Resampling.Resample(View(view, _rate), _rate, rate);
        else
        {
            var formed = _fellBack && ChannelViews.NeedsSecondChannel(view) ? "near" : view;
            if (_audio.Channels.Length < 2 && ChannelViews.NeedsSecondChannel(formed))
                throw AsdException.Failed($"{_path}: view '{view}' needs channel 1 but the clip is mono and its decode did not fall back; rerun to rescan");
            result = Resampling.Resample(ChannelViews.Form(_audio, formed, _buffers), _audio.SampleRate, _rate);
        }
        _views[(view, rate)] = result;
        return result;
    }
}

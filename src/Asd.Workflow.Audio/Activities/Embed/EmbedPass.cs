using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Asd.Workflow.Audio.Activities.Decode;
using Asd.Workflow.Audio.Decoding;
using Asd.Workflow.Audio.Encoders;
using Asd.Workflow.Audio.Features;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Audio.Activities.Embed;

/// <summary>What embed passes did, for tests and benchmarks: clips read and decoded, STFTs computed.</summary>
public sealed class FrontEndCounters
{
    private long _reads, _stfts;

    /// <summary>Clip files read, verified and decoded.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Power spectrograms computed (one per clip, view, rate, n_fft and hop fed to log-mel encoders).</summary>
    public long Stfts => Interlocked.Read(ref _stfts);

    internal void Read() => Interlocked.Increment(ref _reads);
    internal void Stft() => Interlocked.Increment(ref _stfts);
}

/// <summary>An encoder of a pass: its stage, options, encoder and memo keys (from the stage's identity).</summary>
internal sealed record EmbedMember(string Stage, EmbedOptions Options, IEncoder Encoder, Func<string, Digest> MemoKey);

/// <summary>
/// One pass over a split's clips for an embed stage (the first member) and its log-mel peers (the others): each
/// clip any member still lacks is read and decoded once, each view formed once, each (view, rate, n_fft, hop)
/// power spectrogram computed once, and every member's embedding of it memoised under that member's key. A
/// peer's shard then finds all its clips memoised. Clips are claimed in <paramref name="inFlight"/> (keyed by
/// the clip's decode key) so concurrent passes of peers split the clips instead of computing them twice; a clip
/// claimed elsewhere is done last, after its claim ends. At most one batch of clips is held at a time, and its
/// memo values are made durable together (one group flush per batch, not one fsync per value).
/// </summary>
internal sealed class EmbedPass(ActivityContext context, DecodedSet set, IReadOnlyList<EmbedMember> members, FrontEndCounters counters, ConcurrentDictionary<string, Task> inFlight)
{
    private EmbedMember Self => members[0];

    // The pass's sample arrays: one clip's channels and views at a time (see SampleBuffers).
    private readonly SampleBuffers _buffers = new();

    /// <summary>The first member's embedding of every clip, in the set's order.</summary>
    public async Task<float[][]> RunAsync(CancellationToken ct)
    {
        var result = new float[set.Clips.Count][];
        var deferred = new List<int>();
        var batch = new List<(int Index, TaskCompletionSource Claim)>();
        for (var i = 0; i < set.Clips.Count; i++)
        {
            if (TryCached(i, result) && !PeersMiss(set.Clips[i])) { context.Clips.Advance(); continue; }
            var claim = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!inFlight.TryAdd(set.Clips[i].Audio, claim.Task)) { deferred.Add(i); continue; }
            batch.Add((i, claim));
            if (batch.Count == Self.Options.BatchSize) await ProcessAsync(batch, result, ct);
        }
        await ProcessAsync(batch, result, ct);
        foreach (var i in deferred)
        {
            var claim = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            while (!inFlight.TryAdd(set.Clips[i].Audio, claim.Task))
                if (inFlight.TryGetValue(set.Clips[i].Audio, out var other)) await other.WaitAsync(ct);
            batch.Add((i, claim));
            await ProcessAsync(batch, result, ct);
        }
        return result;
    }

    /// <summary>
    /// Computes what the members lack for a batch of claimed clips, commits their memo values (one group flush for
    /// the batch, <see cref="MemoBatch"/>), then releases the claims: a peer's pass waiting on a claim then finds
    /// the clip memoised, its objects durable and visible.
    /// </summary>
    private async Task ProcessAsync(List<(int Index, TaskCompletionSource Claim)> batch, float[][] result, CancellationToken ct)
    {
        using var memo = context.BeginMemo();
        try
        {
            var waves = new List<(int Index, float[] Wave)>();
            foreach (var (i, _) in batch)
            {
                ct.ThrowIfCancellationRequested();
                var clip = set.Clips[i];
                var missing = members.Where((m, k) => k == 0 ? !TryCached(i, result) : !Memoised(m, clip)).ToList();
                if (missing.Count == 0) continue;
                counters.Read();
                using var audio = ClipAudio.Read(Path.Combine(context.DatasetRoot ?? ".", clip.Path), clip.Sha256, set.SampleRate, set.FallsBack(clip), _buffers);
                var spectra = new Dictionary<(string, int, int, int), PowerFrames>();
                try
                {
                    foreach (var member in missing)
                    {
                        var wave = audio.View(member.Options.View, member.Encoder.SampleRate);
                        if (member.Encoder is not ISpectralEncoder spectral) { waves.Add((i, wave.ToArray())); continue; } // outlives the clip's buffers
                        var key = (member.Options.View, member.Encoder.SampleRate, member.Options.NFft, member.Options.Hop);
                        if (!spectra.TryGetValue(key, out var power))
                        {
                            spectra[key] = power = spectral.Power(wave);
                            counters.Stft();
                        }
                        Keep(memo, member, clip, i, spectral.Embed(power), result);
                    }
                }
                finally { foreach (var power in spectra.Values) power.Return(); } // read by every member by now: back to the pool
            }
            if (waves.Count > 0) // the first member, when it reads waveforms (an ONNX model): one batch
            {
                var embedded = Self.Encoder.EmbedBatch(waves.Select(w => w.Wave).ToList());
                for (var j = 0; j < waves.Count; j++) Keep(memo, Self, set.Clips[waves[j].Index], waves[j].Index, embedded[j], result);
            }
            await memo.CommitAsync(ct);
            context.Clips.Advance(batch.Count);
        }
        finally
        {
            foreach (var (i, claim) in batch)
            {
                inFlight.TryRemove(set.Clips[i].Audio, out _);
                claim.SetResult();
            }
            batch.Clear();
        }
    }

    private void Keep(MemoBatch memo, EmbedMember member, DecodedClip clip, int index, float[] vector, float[][] result)
    {
        memo.Put(member.MemoKey(clip.Audio), MemoryMarshal.AsBytes(vector.AsSpan()));
        if (ReferenceEquals(member, Self)) result[index] = vector;
    }

    /// <summary>The first member's memoised embedding of clip <paramref name="i"/> into the result, when present and intact.</summary>
    private bool TryCached(int i, float[][] result)
    {
        if (result[i] is not null) return true;
        if (!context.Memo.TryGet(Self.MemoKey(set.Clips[i].Audio), out var cached) || !context.Store.TryReadVerified(cached, out var bytes)) return false;
        result[i] = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        return true;
    }

    private bool PeersMiss(DecodedClip clip) => members.Skip(1).Any(m => !Memoised(m, clip));

    // A peer's entry counts when its object is present (gc deletes memo values); its own shard verifies the bytes when it reads them.
    private bool Memoised(EmbedMember member, DecodedClip clip) =>
        context.Memo.TryGet(member.MemoKey(clip.Audio), out var value) && context.Store.Exists(value);
}

using Asd.Workflow.Audio.Decoding;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Audio.Activities.Decode;

/// <summary>
/// Decodes the clips of one shard, checks each file still has its inventory digest, resamples, forms the
/// requested channel views and stores them per clip (memoised by the stage identity's memo key of the clip
/// digest). Its floats do not depend on the CPU class: 16-bit samples become floats by a power-of-two scale
/// (exact, SIMD or not) and resampling is scalar double arithmetic (docs/caching.md). Outputs a
/// <see cref="DecodedSet"/> per split; the test split never sees labels.
/// </summary>
public sealed class DecodeActivity : Activity<DecodeOptions>
{
    public override string Kind => "decode";
    public override int Version => 1;

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, DecodeOptions options, CancellationToken ct)
    {
        var outputs = new List<OutputArtifact>();
        var notes = new List<string>();
        foreach (var split in new[] { ClipInventory.Train, ClipInventory.Test })
        {
            var input = context.Input(split);
            var inventory = JsonDefaults.Deserialize<ClipInventory>(context.Read(input));
            context.Clips.Expect(inventory.Clips.Count);
            var set = DecodeSplit(context, options, inventory, notes, ct);
            outputs.Add(new OutputArtifact(split, context.Store.Put(CanonicalJson.Serialize(set)), MediaTypes.Json, [input.Ref]));
        }
        return Task.FromResult(new ActivityResult(outputs, notes));
    }

    private static DecodedSet DecodeSplit(ActivityContext context, DecodeOptions options, ClipInventory inventory, List<string> notes, CancellationToken ct)
    {
        var clips = new List<DecodedClip>();
        var skipped = new List<SkippedClip>();
        var fellBack = false;
        foreach (var clip in context.Clips.Counted(inventory.Clips))
        {
            ct.ThrowIfCancellationRequested();
            var memoKey = context.MemoKey(clip.Sha256);
            var path = Path.Combine(context.DatasetRoot ?? ".", clip.Path);
            try
            {
                if (context.Memo.TryGet(memoKey, out var cached) && context.Store.TryReadVerified(cached, out var cachedPcm))
                {
                    var shape = NpyArray.ReadShape(new MemoryStream(cachedPcm))[1];
                    var mono = NeedsFallback(options) && context.Memo.TryGet(MonoKey(context, clip.Sha256), out _);
                    clips.Add(new DecodedClip(clip.Name, clip.Domain, clip.Sha256, cached.ToString(), shape, mono));
                    fellBack |= mono;
                    continue;
                }
                var bytes = WavDecoder.ReadClip(path);
                var actual = Digest.Of(bytes).Hex;
                if (actual != clip.Sha256)
                    throw AsdException.Failed($"{path}: changed since the inventory was taken (expected sha256:{clip.Sha256}, got sha256:{actual}); rerun to rescan");
                var audio = WavDecoder.Decode(bytes, path);
                var isMono = audio.Channels.Length < 2;
                var views = new List<float[]>();
                foreach (var view in options.Views)
                {
                    var v = view;
                    if (isMono && ChannelViews.NeedsSecondChannel(view))
                    {
                        if (options.Fallback != "near")
                            throw AsdException.BadInput($"{path}: view '{view}' needs channel 1 but the clip is mono; set fallback: near on stage '{context.StageName}' or drop the view");
                        v = "near";
                    }
                    views.Add(Resampling.Resample(ChannelViews.Form(audio, v), audio.SampleRate, options.SampleRate));
                }
                var frames = views.Min(v => v.Length);
                var data = new float[views.Count * frames];
                for (var i = 0; i < views.Count; i++) Array.Copy(views[i], 0, data, i * frames, frames);
                var pcm = context.Store.Put(new NpyArray([views.Count, frames], data).ToBytes());
                context.Memo.Put(memoKey, pcm);
                if (isMono && NeedsFallback(options)) context.Memo.Put(MonoKey(context, clip.Sha256), pcm);
                fellBack |= isMono && NeedsFallback(options);
                clips.Add(new DecodedClip(clip.Name, clip.Domain, clip.Sha256, pcm.ToString(), frames, isMono && NeedsFallback(options)));
            }
            catch (AsdException ex) when (context.OnBadClip == BadClipPolicy.Skip && ex.Code == ErrorCode.CheckFailed)
            {
                skipped.Add(new SkippedClip(clip.Name, ex.Message));
                notes.Add($"skipped {ex.Message}");
            }
        }
        if (fellBack) context.Notice($"{context.StageName}: mono clips: views needing channel 1 fall back to near"); // the same line from every shard: shown once per run
        return new DecodedSet(options.SampleRate, options.Views, clips, skipped);
    }

    private static bool NeedsFallback(DecodeOptions options) => options.Views.Any(ChannelViews.NeedsSecondChannel);

    // Marks a clip whose views fell back to near (mono): the same memo key with the extra "mono".
    private static Digest MonoKey(ActivityContext context, string clipDigest) => context.MemoKey(clipDigest, "mono");
}

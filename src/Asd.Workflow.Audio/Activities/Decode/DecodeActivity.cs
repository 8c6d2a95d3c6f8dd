using Asd.Workflow.Audio.Decoding;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Audio.Activities.Decode;

/// <summary>
/// Validates the clips of one shard: each file still has its inventory digest and its header decodes (every
/// check of <see cref="WavDecoder"/>, no sample converted); views needing channel 1 on a mono clip fail or fall
/// back as <c>fallback</c> says. Outputs a <see cref="DecodedSet"/> per split — the clips, their header facts
/// and the view spec — and stores no audio: embed stages read each clip again and form its views on the fly
/// (docs/caching.md, "Decoded audio"). A clip's facts are memoised by the stage identity's memo key of its
/// digest, so a clip seen before is not read again. The test split never sees labels.
/// </summary>
public sealed class DecodeActivity : Activity<DecodeOptions>
{
    public override string Kind => "decode";
    public override int Version => 2;

    private static readonly string[] Splits = [ClipInventory.Train, ClipInventory.Test];

    /// <summary>Every clip's memo key over both splits' inventories: the keys <see cref="DecodeSplit"/> looks up.</summary>
    public override IEnumerable<Digest> MemoKeys(ActivityContext context) =>
        Splits.SelectMany(split => JsonDefaults.Deserialize<ClipInventory>(context.Read(context.Input(split))).Clips).Select(clip => ClipKey(context, clip));

    private static Digest ClipKey(ActivityContext context, ClipEntry clip) => context.MemoKey(clip.Sha256);

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, DecodeOptions options, CancellationToken ct)
    {
        var outputs = new List<OutputArtifact>();
        var notes = new List<string>();
        // Every split's inventory first, so the shard's progress counts against all its clips from the start.
        var inputs = Splits.Select(split => (Split: split, Input: context.Input(split))).ToList();
        var inventories = inputs.Select(i => JsonDefaults.Deserialize<ClipInventory>(context.Read(i.Input))).ToList();
        context.Clips.Expect(inventories.Sum(i => i.Clips.Count));
        foreach (var ((split, input), inventory) in inputs.Zip(inventories))
        {
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
            var memoKey = ClipKey(context, clip);
            var path = Path.Combine(context.DatasetRoot ?? ".", clip.Path);
            try
            {
                var facts = context.Memo.TryGet(memoKey, out var cached) && context.Store.TryReadVerified(cached, out var json)
                    ? JsonDefaults.Deserialize<ClipFacts>(json)
                    : Inspect(context, options, clip, path, memoKey);
                var mono = DecodedSet.FallsBack(facts.Channels, options.Views);
                fellBack |= mono;
                var frames = (int)Math.Round((double)facts.Frames * options.SampleRate / facts.SampleRate); // Resampling's exact length
                clips.Add(new DecodedClip(clip.Name, clip.Domain, clip.Path, clip.Sha256, memoKey.Hex, facts.Channels, frames, mono));
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

    /// <summary>Reads the clip, checks its digest and header, refuses a mono clip a view cannot use, memoises its facts.</summary>
    private static ClipFacts Inspect(ActivityContext context, DecodeOptions options, ClipEntry clip, string path, Digest memoKey)
    {
        WavInfo info;
        using (var bytes = ClipAudio.ReadVerified(path, clip.Sha256)) info = WavDecoder.Inspect(bytes.Buffer, bytes.Length, path);
        if (info.Channels < 2 && options.Fallback != "near" && options.Views.FirstOrDefault(ChannelViews.NeedsSecondChannel) is { } view)
            throw AsdException.BadInput($"{path}: view '{view}' needs channel 1 but the clip is mono; set fallback: near on stage '{context.StageName}' or drop the view");
        var facts = new ClipFacts(info.Channels, info.SampleRate, info.Frames);
        context.Memo.Put(memoKey, context.Store.Put(CanonicalJson.Serialize(facts)));
        return facts;
    }
}

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Asd.Workflow.Audio.Activities.Decode;
using Asd.Workflow.Audio.Encoders;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Audio.Activities.Embed;

/// <summary>
/// Embeds one view of every clip of a decoded set with an encoder and writes a feature dump per split: a float32
/// .npy ([clips, dims], or [clips, frames, dims] for frame-level encoders, frames cut to the shortest clip) and
/// a clip-id list. Waveforms are derived on the fly from the data set's files (read verified against the
/// recorded digest, decoded, view formed and resampled; nothing of the audio is stored), and one
/// <see cref="EmbedPass"/> feeds this stage and its log-mel peers (same needs) from one decode per clip and
/// one STFT per clip, view and FFT setting. Each clip's embedding is memoised by the stage identity's memo key
/// of the clip's decode key (<see cref="DecodedClip.Audio"/>: the clip's digest under the decode configuration).
/// </summary>
public sealed class EmbedActivity(IEncoderProvider encoders, FrontEndCounters? counters = null) : Activity<EmbedOptions>
{
    private readonly ConcurrentDictionary<string, Task> _inFlight = new();

    public override string Kind => "embed";
    public override int Version => 3;

    private static readonly string[] Splits = [ClipInventory.Train, ClipInventory.Test];

    /// <summary>This stage's memo key of every decoded clip of both splits: the keys its pass looks up for itself (peers' keys are their own).</summary>
    public override IEnumerable<Digest> MemoKeys(ActivityContext context) =>
        Splits.SelectMany(split => JsonDefaults.Deserialize<DecodedSet>(context.Read(context.Input(split))).Clips).Select(clip => SelfKey(context, clip.Audio));

    private static Digest SelfKey(ActivityContext context, string audio) => context.MemoKey(audio);

    /// <summary>Reads and STFTs done by this activity's passes (tests count them).</summary>
    public FrontEndCounters Counters { get; } = counters ?? new FrontEndCounters();

    public override IReadOnlyDictionary<string, string> EnvironmentFacts(object options) =>
        encoders.Knows(((EmbedOptions)options).Encoder) ? encoders.EnvironmentFacts((EmbedOptions)options) : new Dictionary<string, string>();

    /// <summary>The encoder's whole configuration (empty for an unknown encoder, which loading refuses anyway).</summary>
    public override JsonObject Describe(object options) =>
        encoders.Knows(((EmbedOptions)options).Encoder) ? new JsonObject { ["encoder"] = encoders.Describe((EmbedOptions)options) } : [];

    public override IReadOnlyList<string> DependencyFiles(object options) =>
        encoders.Knows(((EmbedOptions)options).Encoder) ? encoders.DependencyFiles((EmbedOptions)options) : [];

    /// <summary><c>device: cuda</c> or <c>cuda:N</c>: a cluster job for the stage asks for a GPU.</summary>
    public override bool WantsGpu(object options) => ((EmbedOptions)options).Device.StartsWith("cuda", StringComparison.Ordinal);

    public override Determinism DeterminismOf(object options)
    {
        var facts = EnvironmentFacts(options);
        return facts.TryGetValue("provider", out var p) && p.StartsWith("cuda", StringComparison.Ordinal) ? Determinism.Within(1e-4) : Determinism.Exact;
    }

    protected override IEnumerable<string> Validate(EmbedOptions options, IReadOnlyList<string> needs) =>
        encoders.Knows(options.Encoder) ? encoders.Validate(options) : [$"unknown encoder '{options.Encoder}' (built in: logmel-stats, logmel-frames; others must be registered in manifests/models.yaml)"];

    protected override async Task<ActivityResult> ExecuteAsync(ActivityContext context, EmbedOptions options, CancellationToken ct)
    {
        var outputs = new List<OutputArtifact>();
        // Every split's set first, so the shard's progress counts against all its clips from the start.
        var inputs = Splits.Select(split => (Split: split, Input: context.Input(split))).ToList();
        var sets = inputs.Select(i => JsonDefaults.Deserialize<DecodedSet>(context.Read(i.Input))).ToList();
        foreach (var set in sets)
            if (!set.Views.Contains(options.View))
                throw AsdException.BadInput($"stage '{context.StageName}' embeds view '{options.View}', which its decode stage does not produce (decoded: {string.Join(", ", set.Views)}); add it to the decode stage's views");
        context.Clips.Expect(sets.Sum(s => s.Clips.Count));
        foreach (var ((split, input), set) in inputs.Zip(sets))
        {
            var members = Members(context, options, set);
            float[][] vectors;
            try { vectors = await new EmbedPass(context, set, members, Counters, _inFlight).RunAsync(ct); }
            finally { foreach (var m in members) m.Encoder.Dispose(); }
            var dump = ToNpy(vectors, members[0].Encoder);
            var ids = set.Clips.Select(c => new ClipId(c.Name, c.Domain)).ToList();
            outputs.Add(new OutputArtifact(split, context.Store.Put(dump.ToBytes()), MediaTypes.Npy, [input.Ref]));
            outputs.Add(new OutputArtifact(split + "_ids", context.Store.Put(CanonicalJson.Serialize(ids)), MediaTypes.Json, [input.Ref]));
        }
        return new ActivityResult(outputs, []);
    }

    /// <summary>This stage, then every peer with a built-in log-mel encoder of a view the set has (they share its pass).</summary>
    private IReadOnlyList<EmbedMember> Members(ActivityContext context, EmbedOptions options, DecodedSet set)
    {
        var members = new List<EmbedMember> { new(context.StageName, options, encoders.Create(options), audio => SelfKey(context, audio)) };
        foreach (var peer in context.Peers)
            if (peer.Options is EmbedOptions o && BuiltInEncoders.IsSpectral(o.Encoder) && set.Views.Contains(o.View))
                members.Add(new EmbedMember(peer.Name, o, encoders.Create(o), audio => peer.Identity.MemoKey(audio)));
        return members;
    }

    private static NpyArray ToNpy(float[][] vectors, IEncoder encoder)
    {
        if (!encoder.FrameLevel)
        {
            var dims = vectors.Length == 0 ? 0 : vectors[0].Length;
            var data = new float[vectors.Length * dims];
            for (var i = 0; i < vectors.Length; i++) vectors[i].CopyTo(data, i * dims);
            return new NpyArray([vectors.Length, dims], data);
        }
        var width = encoder.Dimensions;
        var frames = vectors.Length == 0 ? 0 : vectors.Min(v => v.Length / width);
        var all = new float[vectors.Length * frames * width];
        for (var i = 0; i < vectors.Length; i++) Array.Copy(vectors[i], 0, all, i * frames * width, frames * width);
        return new NpyArray([vectors.Length, frames, width], all);
    }
}

/// <summary>One row of a feature dump's clip-id list.</summary>
public sealed record ClipId(string Name, string Domain);

using System.Text.Json.Nodes;
using Asd.Workflow.Audio.Activities.Decode;
using Asd.Workflow.Audio.Decoding;
using Asd.Workflow.Audio.Encoders;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Audio.Activities.Embed;

/// <summary>
/// Embeds one view of every decoded clip with an encoder and writes a feature dump per split: a float32 .npy
/// ([clips, dims], or [clips, frames, dims] for frame-level encoders, frames cut to the shortest clip) and a
/// clip-id list. Each clip's embedding is memoised by the stage identity's memo key of (PCM digest, view index,
/// decoded rate).
/// </summary>
public sealed class EmbedActivity(IEncoderProvider encoders) : Activity<EmbedOptions>
{
    public override string Kind => "embed";
    public override int Version => 2;

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

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, EmbedOptions options, CancellationToken ct)
    {
        using var encoder = encoders.Create(options);
        var outputs = new List<OutputArtifact>();
        foreach (var split in new[] { ClipInventory.Train, ClipInventory.Test })
        {
            var input = context.Input(split);
            var set = JsonDefaults.Deserialize<DecodedSet>(context.Read(input));
            var viewIndex = IndexOfView(set, options.View, context);
            var vectors = Embed(context, encoder, set, viewIndex, options, ct);
            var dump = ToNpy(vectors, encoder);
            var ids = set.Clips.Select(c => new ClipId(c.Name, c.Domain)).ToList();
            outputs.Add(new OutputArtifact(split, context.Store.Put(dump.ToBytes()), MediaTypes.Npy, [input.Ref]));
            outputs.Add(new OutputArtifact(split + "_ids", context.Store.Put(CanonicalJson.Serialize(ids)), MediaTypes.Json, [input.Ref]));
        }
        return Task.FromResult(new ActivityResult(outputs, []));
    }

    private static float[][] Embed(ActivityContext context, IEncoder encoder, DecodedSet set, int viewIndex, EmbedOptions options, CancellationToken ct)
    {
        var result = new float[set.Clips.Count][];
        var pending = new List<(int Index, Digest Key)>();
        context.Clips.Expect(set.Clips.Count);
        for (var i = 0; i < set.Clips.Count; i++)
        {
            var key = context.MemoKey(set.Clips[i].Pcm, Invariant(viewIndex), Invariant(set.SampleRate));
            if (context.Memo.TryGet(key, out var cached) && context.Store.TryReadVerified(cached, out var vector))
                result[i] = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(vector).ToArray();
            else pending.Add((i, key));
        }
        context.Clips.Advance(set.Clips.Count - pending.Count); // memo hits
        foreach (var batch in pending.Chunk(options.BatchSize))
        {
            ct.ThrowIfCancellationRequested();
            var waves = batch.Select(p => Waveform(context, set, set.Clips[p.Index], viewIndex, encoder.SampleRate)).ToList();
            var embedded = encoder.EmbedBatch(waves);
            for (var j = 0; j < batch.Length; j++)
            {
                result[batch[j].Index] = embedded[j];
                var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(embedded[j].AsSpan());
                context.Memo.Put(batch[j].Key, context.Store.Put(bytes));
            }
            context.Clips.Advance(batch.Length);
        }
        return result;
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static float[] Waveform(ActivityContext context, DecodedSet set, DecodedClip clip, int viewIndex, int rate)
    {
        var pcm = NpyArray.FromBytes(context.Store.ReadAll(Digest.Parse(clip.Pcm)));
        var frames = pcm.Shape[1];
        var view = pcm.Data.AsSpan(viewIndex * frames, frames).ToArray();
        return Resampling.Resample(view, set.SampleRate, rate);
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

    private static int IndexOfView(DecodedSet set, string view, ActivityContext context)
    {
        for (var i = 0; i < set.Views.Count; i++) if (set.Views[i] == view) return i;
        throw AsdException.BadInput($"stage '{context.StageName}' embeds view '{view}', which its decode stage does not produce (decoded: {string.Join(", ", set.Views)}); add it to the decode stage's views");
    }
}

/// <summary>One row of a feature dump's clip-id list.</summary>
public sealed record ClipId(string Name, string Domain);

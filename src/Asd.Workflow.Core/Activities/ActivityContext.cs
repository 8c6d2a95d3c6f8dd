using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Activities;

/// <summary>An input artifact as an activity sees it: which upstream stage and shard, which port.</summary>
public sealed record InputArtifact(string Stage, string Shard, string Port, Digest Digest, string MediaType)
{
    /// <summary>The name an output's lineage refers to: "stage/shard:port".</summary>
    public string Ref => $"{Stage}/{Shard}:{Port}";
}

/// <summary>Everything one execution of one stage shard may use. Services arrive here, never by lookup.</summary>
public sealed class ActivityContext
{
    public required string StageName { get; init; }
    public required Shard Shard { get; init; }
    public required object Options { get; init; }
    public required IReadOnlyList<InputArtifact> Inputs { get; init; }
    public required IArtifactStore Store { get; init; }
    public required IClipMemo Memo { get; init; }
    public required string? DatasetRoot { get; init; }
    public required BadClipPolicy OnBadClip { get; init; }

    /// <summary>The stage's identity: the only source of per-clip memo keys.</summary>
    public required Engine.StageIdentity Identity { get; init; }
    public Action<string> Notice { get; init; } = _ => { };

    /// <summary>
    /// The run's other stages that use the same activity with the same needs (so they read the same inputs):
    /// an activity may compute their per-clip results in the same pass over the data, under their memo keys
    /// (embed feeds every log-mel peer from one STFT per clip and view). Empty outside a run (recompute).
    /// </summary>
    public IReadOnlyList<PeerStage> Peers { get; init; } = [];

    /// <summary>Clip-level progress of this shard (decode, embed and score count their clips here).</summary>
    public ClipProgress Clips { get; init; } = ClipProgress.None;

    /// <summary>The one input with this port from the given stage (or from any stage when null).</summary>
    public InputArtifact Input(string port, string? stage = null)
    {
        var matches = Inputs.Where(i => i.Port == port && (stage is null || i.Stage == stage)).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException(
                $"stage '{StageName}' expected one input '{port}'{(stage is null ? "" : $" from '{stage}'")}, found {matches.Count}");
    }

    public IEnumerable<InputArtifact> InputsFrom(string stage) => Inputs.Where(i => i.Stage == stage);

    public byte[] Read(InputArtifact input) => Store.ReadAll(input.Digest);

    /// <summary>
    /// The memo key of one clip's result: the stage identity without shard and inputs, the clip's digest and
    /// per-clip extras (e.g. which view). Activities never build a key by hand.
    /// </summary>
    public Digest MemoKey(string clipDigest, params string[] extras) => Identity.MemoKey(clipDigest, extras);

    /// <summary>A group of per-clip results made durable together before their memo entries exist (<see cref="MemoBatch"/>).</summary>
    public MemoBatch BeginMemo() => new(this);
}

/// <summary>A peer stage of a run: its name, typed options and identity (the source of its memo keys).</summary>
public sealed record PeerStage(string Name, object Options, Engine.StageIdentity Identity);

/// <summary>A (machine, section) shard, or the whole set ("*").</summary>
public sealed record Shard(string Machine, string Section)
{
    public static readonly Shard All = new("*", "*");

    public bool IsAll => Machine == "*";

    public override string ToString() => IsAll ? "*" : $"{Machine}/{Section}";

    public static Shard Parse(string text)
    {
        if (text == "*") return All;
        var slash = text.IndexOf('/');
        return new Shard(text[..slash], text[(slash + 1)..]);
    }
}

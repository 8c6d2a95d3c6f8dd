using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Engine;

/// <summary>
/// The data set as the engine sees it: its shards and, per shard, the source artifacts of the implicit
/// "dataset" stage. Ports: "train" and "test" (clip inventories without test labels) and "truth" (labels, only
/// for activities that read ground truth).
/// </summary>
public sealed record DatasetSnapshot(string Root, IReadOnlyList<Shard> Shards, IReadOnlyDictionary<Shard, IReadOnlyList<SourceArtifact>> Sources, Digest InventoryDigest)
{
    public const string TruthPort = "truth";
}

public sealed record SourceArtifact(string Port, Digest Digest, string MediaType);

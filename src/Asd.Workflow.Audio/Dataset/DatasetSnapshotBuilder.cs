using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Audio.Dataset;

/// <summary>Stores a scanned data set's inventories and ground truth as artifacts: the "dataset" source stage.</summary>
public static class DatasetSnapshotBuilder
{
    public static DatasetSnapshot Build(DatasetInventory inventory, IArtifactStore store)
    {
        var sources = new Dictionary<Shard, IReadOnlyList<SourceArtifact>>();
        var shards = new List<Shard>();
        foreach (var s in inventory.Shards)
        {
            var shard = new Shard(s.Machine, s.Section);
            shards.Add(shard);
            sources[shard] =
            [
                new SourceArtifact(ClipInventory.Train, store.Put(CanonicalJson.Serialize(s.Train)), MediaTypes.Json),
                new SourceArtifact(ClipInventory.Test, store.Put(CanonicalJson.Serialize(s.Test)), MediaTypes.Json),
                new SourceArtifact(DatasetSnapshot.TruthPort, store.Put(CanonicalJson.Serialize(s.Truth)), MediaTypes.Json),
            ];
        }
        var all = store.Put(CanonicalJson.Serialize(inventory.Shards.Select(s => new { s.Train, s.Test }).ToList()));
        return new DatasetSnapshot(inventory.Root, shards, sources, all);
    }
}

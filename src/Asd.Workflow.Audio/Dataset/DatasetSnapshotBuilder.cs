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
        // The inventory digest covers every shard's train and test inventories (not the ground truth).
        var all = store.Put(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", shards.Select(s =>
            $"{s} {sources[s][0].Digest} {sources[s][1].Digest}"))));
        return new DatasetSnapshot(inventory.Root, shards, sources, all);
    }
}

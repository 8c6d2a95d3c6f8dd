using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Audio.Dataset;

/// <summary>
/// What a workflow run needs of a data set beyond what <see cref="DatasetReader"/> checks (evaluate and validate
/// read test sets alone): every (machine, section) has train clips, the only source of its statistics, and
/// test clips to score. Checked before anything runs, so a run does not decode for minutes and then fail.
/// </summary>
public static class RunnableDataset
{
    public static DatasetInventory Require(DatasetInventory inventory)
    {
        var problems = new List<string>();
        foreach (var shard in inventory.Shards)
        {
            if (shard.Train.Clips.Count == 0) problems.Add(Missing(inventory.Root, shard, ClipInventory.Train, shard.Test));
            if (shard.Test.Clips.Count == 0) problems.Add(Missing(inventory.Root, shard, ClipInventory.Test, shard.Train));
        }
        if (problems.Count > 0)
            throw AsdException.BadInput($"data set {inventory.Root}: {problems.Count} section(s) lack train or test clips", problems);
        return inventory;
    }

    private static string Missing(string root, ShardInventory shard, string split, ClipInventory other)
    {
        // The folder the clips belong in: the other split's folder with the split renamed.
        var dir = Path.Combine(Path.GetDirectoryName(Path.Combine(root, other.Clips[0].Path))!, "..", split);
        return $"{Path.GetFullPath(dir)}: no {split} clips of {shard.Machine} section {shard.Section}; a run needs train clips (its statistics) and test clips (its scores): add them or remove the section";
    }
}

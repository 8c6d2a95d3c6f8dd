using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Engine;

/// <summary>
/// Whether a recorded execution may stand in for running its shard. Normally: every output is present (reads of
/// them are verified later, by whoever reads them). Once a corrupt object has been quarantined in this run
/// (<see cref="FollowReferences"/>), also every object named inside its JSON outputs, such as the files
/// of a package tree: a producer whose output names a quarantined object must re-execute.
/// </summary>
internal sealed class CacheHitCheck(IArtifactStore store)
{
    private volatile bool _followReferences;

    /// <summary>Set for the passes after a quarantine; costs one read of each cached JSON output.</summary>
    public bool FollowReferences { get => _followReferences; set => _followReferences = value; }

    public bool IsUsable(ExecutionRecord record)
    {
        var outputs = record.Outputs.Select(o => Digest.Parse(o.Digest)).ToList();
        if (!outputs.All(store.Exists)) return false;
        if (!FollowReferences) return true;
        try { return outputs.All(o => ObjectReferences.Named(store, o).All(store.Exists)); }
        catch (AsdException ex) when (ex.Code == ErrorCode.CorruptObject) { return false; } // now quarantined: re-execute
    }
}

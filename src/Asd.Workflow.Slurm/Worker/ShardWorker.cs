using Stopwatch = System.Diagnostics.Stopwatch;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Core.Paths;

namespace Asd.Workflow.Slurm.Worker;

/// <summary>
/// The inside of a job (<c>asd exec-shard</c>): for each request, rebuild the stage identity on this node, check
/// it gives the coordinator's cache key, run the activity against the shared store with the memo hits the
/// coordinator resolved, read every output back and verify its digest, then write the result file with the memo
/// entries the job computed. A failing shard writes a result with its error code; the
/// next request of the batch still runs.
/// </summary>
public sealed class ShardWorker(ActivityRegistry registry, IArtifactStore store)
{
    /// <summary>Runs one request file and writes its result file; false when the shard failed.</summary>
    public async Task<bool> RunAsync(string requestFile, CancellationToken cancellationToken)
    {
        var request = JsonDefaults.Deserialize<ShardRequest>(File.ReadAllBytes(requestFile));
        var result = await ExecuteAsync(request, cancellationToken);
        AtomicFile.Write(request.ResultFile, CanonicalJson.Serialize(result));
        return result.Succeeded;
    }

    public async Task<ShardResult> ExecuteAsync(ShardRequest request, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var notices = new List<string>();
        ShardResult Failure(ErrorCode code, string message) =>
            new(request.CacheKey, [], [], notices, [], code.ToString(), message, Environment.MachineName, stopwatch.ElapsedMilliseconds);
        try
        {
            var activity = registry.Get(request.Kind);
            var options = OptionValues.Create(activity.OptionsType, request.Options);
            var identity = StageIdentity.Of(activity, options, request.Needs);
            var shard = Shard.Parse(request.Shard);
            var inputs = request.Inputs.Select(i => new InputArtifact(i.Stage, i.Shard, i.Port, Digest.Parse(i.Digest), i.MediaType)).ToList();
            var (key, document) = identity.ForShard(shard, inputs);
            if (key.ToString() != request.CacheKey)
                return Failure(ErrorCode.CheckFailed,
                    $"node {Environment.MachineName} computes another cache key than the coordinator ({string.Join("; ", KeyDiff.Explain(request.KeyDocument, document))}); " +
                    "run asd on nodes with the same software and facts as the coordinator (docs/slurm.md)");
            var memo = new RecordingMemo(MemoSnapshot.Read(request.Memo));
            var context = new ActivityContext
            {
                StageName = request.Stage, Shard = shard, Options = options, Inputs = inputs, Store = store, Memo = memo,
                DatasetRoot = request.DatasetRoot, OnBadClip = request.OnBadClip, Identity = identity, Notice = notices.Add,
            };
            var result = await activity.ExecuteAsync(context, cancellationToken);
            foreach (var output in result.Outputs) Verify(output);
            return new ShardResult(request.CacheKey,
                result.Outputs.Select(o => new ResultOutput(o.Port, o.Digest.ToString(), o.MediaType, o.DerivedFrom)).ToList(),
                result.Notes, notices, memo.Entries, null, null, Environment.MachineName, stopwatch.ElapsedMilliseconds);
        }
        catch (AsdException ex) { return Failure(ex.Code, ex.Message); }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Failure(ErrorCode.Internal, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>
    /// An output the coordinator will record must be complete in the shared store: read it back and hash it, once.
    /// A mismatch is a corrupt object (quarantined by a verifying store), so the coordinator's self-healing retry applies.
    /// </summary>
    private void Verify(OutputArtifact output)
    {
        var (actual, _) = store.Rehash(output.Digest);
        if (actual != output.Digest)
            throw new AsdException(ErrorCode.CorruptObject, $"output '{output.Port}' reads back as sha256:{actual.Hex}, not {output.Digest}");
    }
}

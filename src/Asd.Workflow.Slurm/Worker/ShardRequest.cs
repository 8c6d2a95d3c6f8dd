using System.Text.Json.Nodes;
using Asd.Workflow.Core.Definitions;

namespace Asd.Workflow.Slurm.Worker;

/// <summary>
/// What the coordinator hands a job for one shard (a JSON file in the run's folder of the store): the activity
/// kind, its resolved options, needs, the shard, its inputs, the data-set root, and the cache key and key
/// document the coordinator computed (the worker recomputes the key and refuses to run under a different one),
/// and the shard's per-clip memo hits the coordinator resolved (<see cref="MemoSnapshot"/>; null: none).
/// </summary>
public sealed record ShardRequest(
    string Stage,
    string Kind,
    JsonObject Options,
    IReadOnlyList<string> Needs,
    string Shard,
    IReadOnlyList<RequestInput> Inputs,
    string? DatasetRoot,
    BadClipPolicy OnBadClip,
    string CacheKey,
    string KeyDocument,
    string ResultFile,
    MemoFile? Memo = null);

/// <summary>One input artifact of the shard, as <see cref="Core.Activities.InputArtifact"/> names it.</summary>
public sealed record RequestInput(string Stage, string Shard, string Port, string Digest, string MediaType);

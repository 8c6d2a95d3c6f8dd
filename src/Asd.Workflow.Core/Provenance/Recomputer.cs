using System.Text.Json;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Core.Provenance;

/// <summary>The outcome of re-executing one stage shard.</summary>
public sealed record RecomputeResult(string Stage, string Shard, string Determinism, IReadOnlyList<ArtifactComparison> Outputs)
{
    public bool Matches => Outputs.All(o => o.Matches);
}

/// <summary>
/// Re-executes a manifest's stage shards into a scratch store (reads fall through to the real store, writes
/// stay in memory), with an empty per-clip memo and no cache, and compares each output with its frozen digest.
/// </summary>
public sealed class Recomputer(ActivityRegistry registry, IArtifactStore store)
{
    /// <summary>The manifest's stage shards that a recompute of <paramref name="stages"/> (all when empty) re-executes.</summary>
    public static int ShardCount(Manifest manifest, IReadOnlyCollection<string> stages) => manifest.Stages.Count(s => stages.Count == 0 || stages.Contains(s.Stage));

    /// <param name="observer">Hears each shard start, its clip progress and its end (a shard whose outputs differ ends as failed).</param>
    public async Task<IReadOnlyList<RecomputeResult>> RecomputeAsync(Manifest manifest, IReadOnlyCollection<string> stages, string? datasetRoot, CancellationToken ct = default,
        Engine.IRunObserver? observer = null)
    {
        var unknown = stages.Where(s => manifest.Stages.All(m => m.Stage != s)).ToList();
        if (unknown.Count > 0) throw AsdException.BadInput($"--stage names no stage of the manifest: {string.Join(", ", unknown)}");
        var results = new List<RecomputeResult>();
        foreach (var shard in manifest.Stages.Where(s => stages.Count == 0 || stages.Contains(s.Stage)))
        {
            ct.ThrowIfCancellationRequested();
            var definition = manifest.Workflow.Stages.First(s => s.Name == shard.Stage);
            var activity = registry.Get(shard.Kind);
            if (activity.Version != shard.Version)
                throw AsdException.Failed($"{shard.Stage}/{shard.Shard}: the manifest was made by {shard.Kind} v{shard.Version}, this build has v{activity.Version}; recompute needs the same implementation");
            var options = OptionValues.Create(activity.OptionsType, definition.Options);
            var scratch = new ScratchStore(store);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            observer?.ShardStarted(shard.Stage, shard.Shard);
            var context = new ActivityContext
            {
                StageName = shard.Stage, Shard = Shard.Parse(shard.Shard), Options = options,
                Inputs = shard.Inputs.Select(i =>
                {
                    var (stage, s, port) = ArtifactRef.Parse(i.Ref);
                    return new InputArtifact(stage, s, port, Digest.Parse(i.Digest), i.MediaType);
                }).ToList(),
                Store = scratch, Memo = new InMemoryClipMemo(), DatasetRoot = datasetRoot ?? manifest.Dataset.Root,
                OnBadClip = manifest.Workflow.OnBadClip == "skip" ? BadClipPolicy.Skip : BadClipPolicy.Fail,
                Identity = Engine.StageIdentity.Of(activity, options, definition.Needs),
                Clips = new ClipProgress((done, total) => observer?.ShardProgress(shard.Stage, shard.Shard, done, total)),
            };
            var result = await activity.ExecuteAsync(context, ct);
            var determinism = activity.DeterminismOf(options);
            var comparisons = shard.Outputs.Select(frozen =>
            {
                var fresh = result.Outputs.FirstOrDefault(o => o.Port == frozen.Port);
                if (fresh is null) return new ArtifactComparison(frozen.Port, frozen.Digest, "(none)", false, "not produced by the recomputation", null);
                return ArtifactComparison.Compare(frozen.Port, frozen.MediaType, frozen.Digest, store.ReadAll(Digest.Parse(frozen.Digest)), fresh.Digest, scratch.ReadAll(fresh.Digest), determinism);
            }).ToList();
            var recomputed = new RecomputeResult(shard.Stage, shard.Shard, determinism.ToString(), comparisons);
            results.Add(recomputed);
            observer?.ShardFinished(new Engine.ShardEvent(shard.Stage, shard.Shard, recomputed.Matches ? Engine.ShardStatus.Ran : Engine.ShardStatus.Failed,
                null, watch.ElapsedMilliseconds, recomputed.Matches ? null : "differs from the manifest", []));
        }
        return results;
    }

    /// <summary>Reads fall through to the real store; writes stay in memory, so recompute never touches it.</summary>
    private sealed class ScratchStore(IArtifactStore backing) : IArtifactStore
    {
        private readonly InMemoryArtifactStore _memory = new();
        public Digest Put(ReadOnlySpan<byte> content) => _memory.Put(content);
        public Digest Put(Stream content) => _memory.Put(content);
        public bool Exists(Digest digest) => _memory.Exists(digest) || backing.Exists(digest);
        public Stream Open(Digest digest) => _memory.Exists(digest) ? _memory.Open(digest) : backing.Open(digest);
        public byte[] ReadAll(Digest digest) => _memory.Exists(digest) ? _memory.ReadAll(digest) : backing.ReadAll(digest);
        public long Size(Digest digest) => ReadAll(digest).LongLength;
        public IEnumerable<Digest> List() => _memory.List();
        public void Delete(Digest digest) => _memory.Delete(digest);
    }
}

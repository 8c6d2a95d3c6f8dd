using System.Collections.Concurrent;
using Asd.Workflow.Audio.Activities.Decode;
using Asd.Workflow.Audio.Activities.Embed;
using Asd.Workflow.Audio.Dataset;
using Asd.Workflow.Audio.Encoders;
using Asd.Workflow.Audio.Synth;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Audio.Tests.Activities;

/// <summary>
/// <see cref="IActivity.MemoKeys"/> of decode and embed are the keys their execution looks up: a Slurm
/// coordinator resolves exactly these for a job, so a key missing here would make the job compute a clip a local
/// run takes from the memo, and an extra key would ship an entry no one reads.
/// </summary>
public sealed class MemoKeysTests
{
    [Fact]
    public async Task MemoKeys_DecodeAndEmbed_AreExactlyTheKeysTheirExecutionLooksUp()
    {
        var data = RepoPaths.TempDir("memo-keys-data");
        SyntheticDataset.Write(new SynthOptions { Out = data, Seed = 3, Machines = 2, TrainSource = 3, TrainTarget = 1, TestPerCell = 1, Seconds = 0.5 }, jobs: 1);
        const string yaml = "name: keys\ndataset: ${data}\nstages:\n  decode: { uses: decode, with: { views: [near, far], fallback: near } }\n" +
            "  emb: { uses: embed, needs: [decode], with: { encoder: logmel-stats, view: far, n_mels: 16, n_fft: 256, hop: 128 } }\n";
        var store = new InMemoryArtifactStore();
        var registry = new ActivityRegistry([new DecodeActivity(), new EmbedActivity(new BuiltInEncoders())]);
        var workflow = new WorkflowLoader(registry).Load(yaml, "keys.yaml", new Dictionary<string, string> { ["data"] = data });
        var inventory = new DatasetReader(paths => paths.ToDictionary(p => p, p => Digest.Of(File.ReadAllBytes(p)).Hex)).Read(data);
        var executor = new LookupRecorder();
        var summary = await new WorkflowRunner(registry, store, new InMemoryRunIndex(), executor)
            .RunAsync(workflow, DatasetSnapshotBuilder.Build(inventory, store), new RunSettings(Jobs: 1), new NullObserver());

        Assert.Equal(0, summary.Failed);
        Assert.Equal(4, executor.Shards.Count); // decode and emb of two machines
        foreach (var (declared, memo) in executor.Shards.Values)
        {
            Assert.NotEmpty(declared);
            Assert.Equal(declared.Count, declared.Distinct().Count()); // every clip of both splits, once
            Assert.Equal(declared.Order(), memo.Looked.Order());
        }
    }

    /// <summary>Runs each shard in process through a memo that records the keys looked up, beside what the activity declares.</summary>
    private sealed class LookupRecorder : IShardExecutor
    {
        public ConcurrentDictionary<string, (List<string> Declared, Recording Memo)> Shards { get; } = new();

        public Task<ActivityResult> ExecuteAsync(ShardExecution shard, CancellationToken cancellationToken)
        {
            var c = shard.Context;
            var memo = new Recording(c.Memo);
            Shards[$"{c.StageName}/{c.Shard}"] = (shard.Activity.MemoKeys(c).Select(k => k.Hex).ToList(), memo);
            var context = new ActivityContext
            {
                StageName = c.StageName, Shard = c.Shard, Options = c.Options, Inputs = c.Inputs, Store = c.Store, Memo = memo,
                DatasetRoot = c.DatasetRoot, OnBadClip = c.OnBadClip, Identity = c.Identity, Notice = c.Notice, Peers = c.Peers, Clips = c.Clips,
            };
            return shard.Activity.ExecuteAsync(context, cancellationToken);
        }
    }

    private sealed class Recording(IClipMemo inner) : IClipMemo
    {
        private readonly ConcurrentDictionary<string, byte> _looked = new();

        public List<string> Looked => [.. _looked.Keys];

        public bool TryGet(Digest key, out Digest value)
        {
            _looked.TryAdd(key.Hex, 0);
            return inner.TryGet(key, out value);
        }

        public void Put(Digest key, Digest value) => inner.Put(key, value);
    }

    private sealed class NullObserver : IRunObserver
    {
        public void ShardFinished(ShardEvent e) { }
    }
}

using System.Text;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Tests.Fakes;

namespace Asd.Workflow.Core.Tests.Engine;

public sealed class CorruptionRetryTests
{
    private sealed class NoticeObserver : IRunObserver
    {
        public List<ShardEvent> Events { get; } = [];
        public List<string> Notices { get; } = [];
        public void ShardFinished(ShardEvent e) { lock (Events) Events.Add(e); }
        public void Notice(string line) { lock (Notices) Notices.Add(line); }
    }

    /// <summary>Always fails as a read of a corrupt object would.</summary>
    private sealed class CorruptReadActivity : Activity<TransformOptions>
    {
        public int Executions;
        public override string Kind => "corrupt-read";
        public override int Version => 1;
        protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, TransformOptions options, CancellationToken ct)
        {
            Interlocked.Increment(ref Executions);
            throw new AsdException(ErrorCode.CorruptObject, "object sha256:00 is corrupt");
        }
    }

    private static Task<RunSummary> Run(EngineFixture engine, string yaml, RunSettings settings, IRunObserver observer, ActivityRegistry? registry = null)
    {
        registry ??= engine.Registry;
        var workflow = new Core.Definitions.WorkflowLoader(registry).Load(yaml, "wf.yaml", new Dictionary<string, string>());
        return new WorkflowRunner(registry, engine.Store, engine.Index, new InProcessExecutor()).RunAsync(workflow, engine.Dataset, settings, observer);
    }

    [Fact]
    public async Task Run_DownstreamReadsACorruptOutput_ProducerReexecutesAndTheRunSucceeds()
    {
        var engine = new EngineFixture();
        await engine.RunAsync(EngineFixture.Chain());
        var a = engine.Index.Executions().Single(e => e.Stage == "a" && e.Shard == "m0/00").Outputs[0].Digest;
        var digest = Hashing.Digest.Parse(a);
        var good = engine.Store.ReadAll(digest);
        engine.Store.Overwrite(digest, Encoding.UTF8.GetBytes("9"));
        engine.Transform.Ran.Clear();

        var observer = new NoticeObserver();
        var summary = await Run(engine, EngineFixture.Chain(), new RunSettings(2, Force: ["b"]), observer);

        Assert.Equal(0, summary.Failed);
        Assert.Contains("a/m0/00", engine.Transform.Ran);
        Assert.Equal(1, engine.Transform.Ran.Count(r => r == "a/m0/00"));
        var notice = Assert.Single(observer.Notices);
        Assert.StartsWith($"b/m0/00: object {digest} is corrupt (its bytes hash to ", notice);
        Assert.DoesNotContain(observer.Events, e => e.Status is ShardStatus.Failed or ShardStatus.Skipped);
        Assert.Equal(good, engine.Store.ReadAll(digest));
        Assert.Equal(ShardStatus.Ran, summary.Events.Single(e => e.Stage == "a" && e.Shard == "m0/00").Status);
        Assert.Equal(ShardStatus.Cached, summary.Events.Single(e => e.Stage == "c" && e.Shard == "m0/00").Status); // same bytes: early cutoff
    }

    [Fact]
    public async Task Run_CorruptionThatDoesNotHeal_StopsAfterTwoRetriesAndReportsTheFailure()
    {
        var engine = new EngineFixture();
        var corrupt = new CorruptReadActivity();
        var registry = new ActivityRegistry([engine.Transform, corrupt]);
        var observer = new NoticeObserver();
        var summary = await Run(engine, "name: w\nstages:\n  x: { uses: corrupt-read }\n", new RunSettings(1), observer, registry);
        Assert.Equal(3, summary.Failed);                    // one per shard, from the last pass only
        Assert.Equal(9, corrupt.Executions);                // 3 shards × (1 + 2 retries)
        Assert.Equal(6, observer.Notices.Count);            // the two retried passes say so, one line per shard
        Assert.Equal(3, observer.Events.Count(e => e.Status == ShardStatus.Failed && e.Code == ErrorCode.CorruptObject));
    }

    [Fact]
    public void IsUsable_JsonOutputNamesAMissingObject_UsableOnlyUntilReferencesAreFollowed()
    {
        var store = new InMemoryArtifactStore();
        var missing = Hashing.Digest.Of("gone"u8);
        var set = store.Put(Encoding.UTF8.GetBytes($"{{\"pcm\":\"{missing}\"}}"));
        var record = new ExecutionRecord("k", "{}", "decode", 1, "d", "m/00", [], [new RecordedOutput("train", set.ToString(), MediaTypes.Json, [])],
            new Dictionary<string, string>(), [], 1);
        var check = new CacheHitCheck(store);
        Assert.True(check.IsUsable(record));
        check.FollowReferences = true;
        Assert.False(check.IsUsable(record));
        store.Put("gone"u8);
        Assert.True(check.IsUsable(record));
    }

    [Fact]
    public void IsUsable_FollowingReferencesIntoACorruptJsonOutput_IsAMissAndRemovesIt()
    {
        var store = new InMemoryArtifactStore();
        var set = store.Put("{\"clips\":[]}"u8);
        store.Overwrite(set, "{\"clips\":[1]}"u8.ToArray());
        var record = new ExecutionRecord("k", "{}", "decode", 1, "d", "m/00", [], [new RecordedOutput("train", set.ToString(), MediaTypes.Json, [])],
            new Dictionary<string, string>(), [], 1);
        var check = new CacheHitCheck(store) { FollowReferences = true };
        Assert.False(check.IsUsable(record));
        Assert.False(store.Exists(set));
    }
}

using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Slurm.Tests;

/// <summary>The executor over a fake cluster (the real one: tests/Asd.Workflow.Cli.Tests/Slurm).</summary>
public sealed class SlurmExecutorTests
{
    private const string Workflow = """
        name: w
        stages:
          a: { uses: add, with: { add: 1 }, resources: { batch: 2 } }
          b: { uses: add, needs: [a], with: { add: 2, device: cuda }, resources: { time: 30m } }
          total: { uses: add, needs: [b], with: { add: 3 } }
        """;

    private static string StoreRoot() => Directory.CreateTempSubdirectory("asd-slurm-unit").FullName;

    private static WorkflowRunner Runner(Engine engine, IShardExecutor executor) => new(engine.Registry, engine.Store, engine.Index, executor);

    [Fact]
    public async Task Run_ThroughSlurm_SameKeysAndOutputsAsInProcess_BatchedAndMemoRecordedByTheCoordinator()
    {
        var local = new Engine(5);
        var expected = await Runner(local, new InProcessExecutor()).RunAsync(local.Load(Workflow), local.Dataset, new RunSettings(2), new NullObserver());

        var engine = new Engine(5);
        var cluster = new FakeCluster(engine.Registry, engine.Store);
        var root = StoreRoot();
        RunSummary summary;
        await using (var executor = await SlurmExecutor.StartAsync(new SlurmSettings { MaxJobs = 4 }, cluster, root, ["asd"], CancellationToken.None))
        {
            summary = await Runner(engine, executor).RunAsync(engine.Load(Workflow), engine.Dataset, new RunSettings(8), new NullObserver());
            Assert.Equal(3 + 5 + 5, executor.JobsSubmitted); // a: 5 shards in batches of 2; b, total: one job per shard
        }
        Assert.Equal(15, summary.Ran);
        Assert.Equal(expected.Events.Select(e => (e.Stage, e.Shard, e.Key)), summary.Events.Select(e => (e.Stage, e.Shard, e.Key)));
        foreach (var e in expected.Events)
            Assert.Equal(local.Index.FindExecution(Digest.Parse(e.Key!))!.Outputs.Select(o => (o.Port, o.Digest)),
                engine.Index.FindExecution(Digest.Parse(e.Key!))!.Outputs.Select(o => (o.Port, o.Digest)));
        var identity = StageIdentity.Of(new AddActivity(), engine.Load(Workflow).Stage("a").TypedOptions, []);
        Assert.True(engine.Index.TryGet(identity.MemoKey("0000", "m3/00"), out _)); // the job's memo entry, recorded by the coordinator
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(root, "slurm"))); // a clean run removes its folder

        var scripts = cluster.Scripts.ToList();
        Assert.Equal(2, scripts.Count(s => System.Text.RegularExpressions.Regex.IsMatch(s, "ASD_SHARDS='?a/") && s.Split(".request.json").Length == 3)); // two jobs of two shards of a
        Assert.All(scripts.Where(s => System.Text.RegularExpressions.Regex.IsMatch(s, "ASD_SHARDS='?b/")), s =>
        {
            Assert.Contains("#SBATCH --gres=gpu:1\n", s);  // device: cuda
            Assert.Contains("#SBATCH --time=0-00:30:00\n", s);
        });
        Assert.All(scripts.Where(s => !System.Text.RegularExpressions.Regex.IsMatch(s, "ASD_SHARDS='?b/")), s => Assert.DoesNotContain("--gres", s));
    }

    [Fact]
    public async Task Run_SlurmRerunOfChangedShards_JobsTakeEarlierMemoEntries_ComputeNone_SameOutputs()
    {
        var engine = new Engine(3);
        var cluster = new FakeCluster(engine.Registry, engine.Store);
        var root = StoreRoot();
        async Task<RunSummary> RunAsync(RunSettings settings)
        {
            await using var executor = await SlurmExecutor.StartAsync(new SlurmSettings(), cluster, root, ["asd"], CancellationToken.None);
            return await Runner(engine, executor).RunAsync(engine.Load(Workflow), engine.Dataset, settings, new NullObserver());
        }
        var first = await RunAsync(new RunSettings(8));
        Assert.Equal(9, engine.Add.Computed);
        Assert.All(first.Events, e => Assert.Equal(new MemoUse(0, 1), e.Memo)); // each job computed its entry, the coordinator recorded it

        var again = await RunAsync(new RunSettings(8, Force: ["a", "b", "total"])); // every shard executes again, every clip's entry is there
        Assert.Equal(9, again.Ran);
        Assert.Equal(9, engine.Add.Computed); // no job computed anything: the coordinator handed each its hit
        Assert.All(again.Events, e => Assert.Equal(new MemoUse(1, 0), e.Memo));
        Assert.Equal(first.Events.Select(e => (e.Stage, e.Shard, e.Key)), again.Events.Select(e => (e.Stage, e.Shard, e.Key)));
    }

    [Fact]
    public async Task Run_Cancelled_CancelsEveryJobInFlight()
    {
        var engine = new Engine(3);
        var cluster = new FakeCluster(engine.Registry, engine.Store);
        cluster.Hold.Add("a"); // a's jobs never finish
        using var ctrlC = new CancellationTokenSource();
        var executor = await SlurmExecutor.StartAsync(new SlurmSettings(), cluster, StoreRoot(), ["asd"], CancellationToken.None);
        var run = Runner(engine, executor).RunAsync(engine.Load(Workflow), engine.Dataset, new RunSettings(8), new NullObserver(), ctrlC.Token);
        while (cluster.Scripts.Count < 2) await Task.Delay(20); // a: 3 shards, batches of 2 → 2 jobs
        await ctrlC.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await executor.DisposeAsync();
        Assert.Equal(["1", "2"], cluster.Cancelled.Order());
    }

    [Fact]
    public async Task Run_ShardFails_FailFastCancelsTheOtherJobs()
    {
        var engine = new Engine(2);
        var cluster = new FakeCluster(engine.Registry, engine.Store);
        cluster.Hold.Add("slow");
        var workflow = engine.Load("""
            name: f
            stages:
              slow: { uses: add }
              broken: { uses: add, with: { fail: true } }
            """);
        await using var executor = await SlurmExecutor.StartAsync(new SlurmSettings(), cluster, StoreRoot(), ["asd"], CancellationToken.None);
        var summary = await Runner(engine, executor).RunAsync(workflow, engine.Dataset, new RunSettings(8), new NullObserver());
        Assert.Equal(4, summary.Failed);
        Assert.All(summary.Events.Where(e => e.Stage == "broken"), e => Assert.Matches(@"^asked to fail \(slurm job \d+ on ", e.Error));
        Assert.All(summary.Events.Where(e => e.Stage == "slow"), e => Assert.Contains("ended CANCELLED because the run failed: broken/", e.Error));
        Assert.True(cluster.Cancelled.Count >= 2);
    }
}

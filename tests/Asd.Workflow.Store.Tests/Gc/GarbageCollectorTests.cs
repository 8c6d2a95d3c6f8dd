using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Store.Gc;
using Asd.Workflow.Store.Objects;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Store.Tests.Gc;

public sealed class GarbageCollectorTests
{
    private readonly FileSystemArtifactStore _store = new(RepoPaths.TempDir("gc-store"));
    private readonly InMemoryRunIndex _index = new();

    private Digest Put(string text) => _store.Put(System.Text.Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Plan_NoRunHistoryAndNoManifest_RefusedUnlessForced()
    {
        var stray = Put("stray");
        var error = Assert.Throws<AsdException>(() => GarbageCollector.Plan(_store, _index, new GcOptions()));
        Assert.Equal(ErrorCode.BadInput, error.Code);
        Assert.Contains("pass --force", error.Message);
        var forced = GarbageCollector.Plan(_store, _index, new GcOptions(Force: true));
        Assert.Equal([(stray, 5L)], forced.Dead);
    }

    [Fact]
    public void Plan_LastRunPerWorkflow_KeepsItsObjectsAndWhatTheyName()
    {
        var leaf = Put("leaf bytes");
        var tree = Put($"{{\"files\":[{{\"path\":\"a.csv\",\"digest\":\"{leaf}\"}}]}}");
        var old = Put("old output");
        var other = Put("other workflow output");
        var roots = new GcRoots(_store.Root);
        roots.AddRun("a", [old]);
        roots.AddRun("a", [tree]);
        roots.AddRun("b", [other]);

        var plan = GarbageCollector.Plan(_store, _index, new GcOptions(KeepRuns: 1));

        Assert.Equal([(old, 10L)], plan.Dead);
        Assert.Equal(3, plan.Live); // tree, leaf, other
        Assert.Equal([Path.Combine(_store.Root, "roots", "runs", "a", "1.json")], plan.OldRunRoots);
        GarbageCollector.Sweep(_store, plan);
        Assert.False(_store.Exists(old));
        Assert.True(_store.Exists(leaf) && _store.Exists(tree) && _store.Exists(other));
        Assert.Single(roots.Runs("a"));
    }

    [Fact]
    public void Plan_ManifestRootWithKeepRunsZero_StillKept()
    {
        var frozen = Put("frozen");
        var run = Put("run only");
        var roots = new GcRoots(_store.Root);
        roots.AddRun("a", [run]);
        roots.AddManifest(Digest.Of("m"u8), "m", [frozen]);

        var plan = GarbageCollector.Plan(_store, _index, new GcOptions(KeepRuns: 0));

        Assert.Equal([run], plan.Dead.Select(d => d.Digest));
        Assert.Equal(1, plan.Live);
    }

    [Fact]
    public void Summarize_DeadExecutionAndStray_ByKindFromThePlansExecutions()
    {
        var output = Put("decoded");
        var record = new ExecutionRecord("k1", "{}", "decode", 2, "decode", "fan/00", [],
            [new RecordedOutput("train", output.ToString(), "application/json", [])], new Dictionary<string, string>(), [], 0);
        var recordObject = _store.Put(CanonicalJson.Serialize(record));
        _index.RecordExecution(record, recordObject);
        var stray = Put("stray");
        new GcRoots(_store.Root).AddRun("a", [Put("kept")]);

        var plan = GarbageCollector.Plan(_store, _index, new GcOptions());

        Assert.Equal(GcRoots.ObjectsOf(record), Assert.Single(plan.Executions).All); // the one rule, read once
        Assert.Equal(recordObject, plan.Executions[0].Record);
        Assert.Equal(
            [new GcKindSummary(GcKinds.Records, 1, _store.Size(recordObject)), new GcKindSummary("decode outputs", 1, 7), new GcKindSummary(GcKinds.Other, 1, 5)],
            GcKinds.Summarize(plan));
        Assert.Contains((stray, 5L), plan.Dead);
    }

    [Fact]
    public void Plan_DryRunPlan_DeletesNothingUntilSwept()
    {
        var stray = Put("stray");
        new GcRoots(_store.Root).AddRun("a", [Put("kept")]);
        var plan = GarbageCollector.Plan(_store, _index, new GcOptions());
        Assert.Equal(5L, plan.Bytes);
        Assert.True(_store.Exists(stray));
    }
}

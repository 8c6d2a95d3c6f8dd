using System.Text;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Engine;

namespace Asd.Workflow.Core.Tests.Fakes;

/// <summary>An engine over an in-memory store and index, with the test activities and a three-shard data set.</summary>
public sealed class EngineFixture
{
    public TransformActivity Transform { get; } = new();
    public InMemoryArtifactStore Store { get; } = new();
    public InMemoryRunIndex Index { get; } = new();
    public ActivityRegistry Registry { get; }
    public DatasetSnapshot Dataset { get; }

    public EngineFixture(params int[] values)
    {
        Registry = new ActivityRegistry([Transform, new SumActivity(), new FailingActivity(), new RejectingActivity()]);
        values = values.Length == 0 ? [1, 2, 3] : values;
        var shards = values.Select((_, i) => new Shard($"m{i}", "00")).ToList();
        var sources = shards.Select((s, i) => (s, (IReadOnlyList<SourceArtifact>)[
            new SourceArtifact("train", Store.Put(Encoding.UTF8.GetBytes(values[i].ToString())), MediaTypes.Json),
            new SourceArtifact("test", Store.Put(Encoding.UTF8.GetBytes("0")), MediaTypes.Json)])).ToDictionary(p => p.s, p => p.Item2);
        Dataset = new DatasetSnapshot("/data", shards, sources, Store.Put("inventory"u8));
    }

    public WorkflowDefinition Load(string yaml) => new WorkflowLoader(Registry).Load(yaml, "wf.yaml", new Dictionary<string, string>());

    public async Task<RunSummary> RunAsync(string yaml, RunSettings? settings = null, IRemoteCache? remote = null) =>
        await new WorkflowRunner(Registry, Store, Index, new InProcessExecutor(), remote).RunAsync(Load(yaml), Dataset, settings ?? new RunSettings(2), new RecordingObserver());

    public static string Chain(int addA = 1, int addB = 10, int moduloB = 1000000) => $$"""
        name: chain
        stages:
          a: { uses: transform, with: { add: {{addA}} } }
          b: { uses: transform, needs: [a], with: { add: {{addB}}, modulo: {{moduloB}} } }
          c: { uses: transform, needs: [b], with: { add: 100 } }
          total: { uses: sum, needs: [c] }
        """;
}

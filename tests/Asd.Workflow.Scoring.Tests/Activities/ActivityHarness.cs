using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Scoring.Tests.Activities;

/// <summary>Runs one activity on its own over an in-memory store.</summary>
internal sealed class ActivityHarness
{
    public InMemoryArtifactStore Store { get; } = new();
    private readonly List<InputArtifact> _inputs = [];

    public ActivityHarness Scores(string stage, string port, IEnumerable<ScoreRow> rows)
    {
        _inputs.Add(new InputArtifact(stage, "m/00", port, Store.Put(new ScoreTable(rows.ToList()).ToCsv()), MediaTypes.Csv));
        return this;
    }

    public ActivityHarness Artifact(string stage, string port, byte[] bytes, string mediaType)
    {
        _inputs.Add(new InputArtifact(stage, "m/00", port, Store.Put(bytes), mediaType));
        return this;
    }

    public IReadOnlyDictionary<string, Digest> Run(IActivity activity, object options) =>
        activity.ExecuteAsync(new ActivityContext
        {
            StageName = "under_test", Shard = new Shard("m", "00"), Options = options, Inputs = _inputs, Store = Store,
            Memo = new InMemoryClipMemo(), DatasetRoot = null, OnBadClip = BadClipPolicy.Fail,
            Identity = Core.Engine.StageIdentity.Of(activity, options, []),
        }, CancellationToken.None).Result.Outputs.ToDictionary(o => o.Port, o => o.Digest);

    public ScoreTable Table(Digest digest) => ScoreTable.FromCsv(Store.ReadAll(digest));

    public static List<ScoreRow> Rows(string prefix, int count, int seed, double shift = 0) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var rng = new Random(seed * 1000 + i);
            return new ScoreRow($"{prefix}_{i:D4}.wav", i % 5 == 0 ? "target" : "source", rng.NextDouble() + shift);
        }).ToList();
}

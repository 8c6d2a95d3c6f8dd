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

    /// <summary>How often the activity read each object (through its context) in <see cref="Run"/>.</summary>
    public Dictionary<Digest, int> Reads { get; } = [];
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
            StageName = "under_test", Shard = new Shard("m", "00"), Options = options, Inputs = _inputs, Store = new CountingStore(Store, Reads),
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

    private sealed class CountingStore(IArtifactStore inner, Dictionary<Digest, int> reads) : IArtifactStore
    {
        public Digest Put(ReadOnlySpan<byte> content) => inner.Put(content);
        public Digest Put(Stream content) => inner.Put(content);
        public bool Exists(Digest digest) => inner.Exists(digest);
        public Stream Open(Digest digest) { Count(digest); return inner.Open(digest); }
        public byte[] ReadAll(Digest digest) { Count(digest); return inner.ReadAll(digest); }
        public long Size(Digest digest) => inner.Size(digest);
        public IEnumerable<Digest> List() => inner.List();
        public void Delete(Digest digest) => inner.Delete(digest);
        private void Count(Digest digest) => reads[digest] = reads.GetValueOrDefault(digest) + 1;
    }
}

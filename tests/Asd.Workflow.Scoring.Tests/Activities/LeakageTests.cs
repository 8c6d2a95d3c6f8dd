using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Scoring.Activities.Calibrate;
using Asd.Workflow.Scoring.Activities.Fuse;
using Asd.Workflow.Scoring.Activities.Guard;
using Asd.Workflow.Scoring.Activities.Reliability;
using Asd.Workflow.Scoring.Activities.Score;

namespace Asd.Workflow.Scoring.Tests.Activities;

/// <summary>Permuting, relabelling or removing test clips must leave every statistic byte-identical.</summary>
public sealed class LeakageTests
{
    private static readonly List<ScoreRow> Train = ActivityHarness.Rows("train", 60, 1);
    private static readonly List<ScoreRow> Test = ActivityHarness.Rows("test", 40, 2, shift: 0.3);

    public static IEnumerable<object[]> TestVariants() =>
    [
        ["permuted"], ["relabelled"], ["removed"],
    ];

    private static List<ScoreRow> Variant(string kind) => kind switch
    {
        "permuted" => Test.AsEnumerable().Reverse().ToList(),
        "relabelled" => Test.Select(r => r with { Domain = r.Domain == "source" ? "target" : "source", Score = r.Score * 5 + 3 }).ToList(),
        _ => Test.Take(10).ToList(),
    };

    [Theory]
    [MemberData(nameof(TestVariants))]
    public void Calibrate_TestClipsChanged_StatisticsAndTrainScoresUnchanged(string kind)
    {
        var options = new CalibrateOptions { PerDomain = true };
        var before = new ActivityHarness().Scores("knn", "train", Train).Scores("knn", "test", Test).Run(new CalibrateActivity(), options);
        var after = new ActivityHarness().Scores("knn", "train", Train).Scores("knn", "test", Variant(kind)).Run(new CalibrateActivity(), options);
        Assert.Equal(before["stats"], after["stats"]);
        Assert.Equal(before["train"], after["train"]);
        Assert.NotEqual(before["test"], after["test"]);
    }

    [Theory]
    [MemberData(nameof(TestVariants))]
    public void GuardAndFuse_TestClipsChanged_GuardConstantsAndThresholdUnchanged(string kind)
    {
        (string Stats, string Threshold) Run(List<ScoreRow> test)
        {
            var h = new ActivityHarness()
                .Scores("base", "train", Train).Scores("base", "test", test)
                .Scores("aux", "train", ActivityHarness.Rows("train", 60, 3)).Scores("aux", "test", test.Select(r => r with { Score = -r.Score }));
            var guard = h.Run(new GuardActivity(), new GuardOptions { Base = "base", Aux = ["aux"], Q = 0.9, T = 0.5 });
            var fused = new ActivityHarness()
                .Scores("base", "train", Train).Scores("base", "test", test)
                .Artifact("g", "train", h.Store.ReadAll(guard["train"]), "text/csv").Artifact("g", "test", h.Store.ReadAll(guard["test"]), "text/csv")
                .Run(new FuseActivity(), new FuseOptions { Weights = new Dictionary<string, double> { ["base"] = 1 }, Guard = "g", Lambda = 0.3 });
            return (guard["stats"].ToString(), fused["threshold"].ToString());
        }
        Assert.Equal(Run(Test), Run(Variant(kind)));
    }

    [Theory]
    [MemberData(nameof(TestVariants))]
    public void ReliabilityAndGatedTailCalibratedFuse_TestClipsChanged_StatisticsAndTrainScoresUnchanged(string kind)
    {
        (string, string, string, string) Run(List<ScoreRow> test)
        {
            var h = new ActivityHarness()
                .Scores("near", "train", Train).Scores("near", "test", test)
                .Scores("far", "train", ActivityHarness.Rows("train", 60, 4)).Scores("far", "test", test.Select(r => r with { Score = 1 - r.Score }));
            var rho = h.Run(new ReliabilityActivity(), new ReliabilityOptions { Disagreement = ["near", "far"], Proximity = "far" });
            var fused = new ActivityHarness()
                .Scores("near", "train", Train).Scores("near", "test", test)
                .Artifact("rho", "train", h.Store.ReadAll(rho["train"]), "text/csv").Artifact("rho", "test", h.Store.ReadAll(rho["test"]), "text/csv")
                .Run(new FuseActivity(), new FuseOptions { Weights = new Dictionary<string, double> { ["near"] = 1 }, Gate = "rho", TailCalibration = "linear" });
            return (rho["stats"].ToString(), rho["train"].ToString(), fused["threshold"].ToString(), fused["train"].ToString());
        }
        Assert.Equal(Run(Test), Run(Variant(kind)));
    }

    [Fact]
    public void Score_TestEmbeddingsChanged_OutOfFoldTrainScoresUnchanged()
    {
        string TrainScores(int testCount, int seed)
        {
            var rng = new Random(seed);
            var train = new NpyArray([30, 4], Enumerable.Range(0, 120).Select(_ => (float)rng.NextDouble()).ToArray());
            var test = new NpyArray([testCount, 4], Enumerable.Range(0, testCount * 4).Select(_ => (float)rng.NextDouble()).ToArray());
            var trainIds = Enumerable.Range(0, 30).Select(i => new { name = $"tr{i:D2}.wav", domain = i < 27 ? "source" : "target" }).ToList();
            var testIds = Enumerable.Range(0, testCount).Select(i => new { name = $"te{i:D2}.wav", domain = "source" }).ToList();
            var h = new ActivityHarness()
                .Artifact("emb", "train", train.ToBytes(), "application/x-npy").Artifact("emb", "train_ids", CanonicalJson.Serialize(trainIds), "application/json")
                .Artifact("emb", "test", test.ToBytes(), "application/x-npy").Artifact("emb", "test_ids", CanonicalJson.Serialize(testIds), "application/json");
            return h.Run(new ScoreActivity(), new ScoreOptions { Method = "knn", K = 2, Folds = 5 })["train"].ToString();
        }
        // Same train embeddings (seeded identically: train values are drawn first), different test sets.
        Assert.Equal(TrainScores(10, 42), TrainScores(25, 42));
    }
}

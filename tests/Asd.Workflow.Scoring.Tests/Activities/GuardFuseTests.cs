using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Scoring.Activities.Fuse;
using Asd.Workflow.Scoring.Activities.Guard;

namespace Asd.Workflow.Scoring.Tests.Activities;

public sealed class GuardFuseTests
{
    [Fact]
    public void TailGuard_PenalisesOnlyTailClipsWithoutAuxSupport()
    {
        var train = Enumerable.Range(0, 20).Select(i => new ScoreRow($"t{i:D2}", "source", i)).ToList(); // base CDF: value 18 → 0.95
        var test = new List<ScoreRow> { new("a", "source", 19), new("b", "source", 19), new("c", "source", 5) };
        var aux = new List<ScoreRow> { new("a", "source", 2.0), new("b", "source", -0.2), new("c", "source", -3) };
        var h = new ActivityHarness().Scores("base", "train", train).Scores("base", "test", test)
            .Scores("aux", "train", train.Select(r => r with { Score = 0 })).Scores("aux", "test", aux);
        var outputs = h.Run(new GuardActivity(), new GuardOptions { Base = "base", Aux = ["aux"], Q = 0.95, T = 0.5, Cap = 0.6 });
        var r = h.Table(outputs["test"]).Rows;
        Assert.Equal(0, r[0].Score);             // supported by aux (2.0 ≥ 0.5)
        Assert.Equal(0.6, r[1].Score, 1e-12);    // 0.5 − (−0.2) = 0.7, capped at 0.6
        Assert.Equal(0, r[2].Score);             // not in the tail: untouched although aux is low
    }

    [Fact]
    public void Fuse_WeightsTransformsPenaltyAndDecisionThreshold()
    {
        var train = Enumerable.Range(0, 21).Select(i => new ScoreRow($"t{i:D2}", "source", i / 10.0)).ToList();
        var test = new List<ScoreRow> { new("x", "source", 3.0), new("y", "source", 1.0) };
        var h = new ActivityHarness().Scores("z", "train", train).Scores("z", "test", test)
            .Scores("g", "train", train.Select(r => r with { Score = 0 })).Scores("g", "test", [new("x", "source", 1.0), new("y", "source", 0)]);
        var outputs = h.Run(new FuseActivity(), new FuseOptions
        {
            Weights = new Dictionary<string, double> { ["z"] = 2 }, Transforms = new Dictionary<string, string> { ["z"] = "tanh" }, Guard = "g", Lambda = 0.05, DecisionCdf = 0.95,
        });
        var rows = h.Table(outputs["test"]).Rows;
        Assert.Equal(2 * Math.Tanh(3.0) - 0.05, rows[0].Score, 1e-12);
        Assert.Equal(2 * Math.Tanh(1.0), rows[1].Score, 1e-12);
        var threshold = JsonDefaults.Deserialize<DecisionThreshold>(h.Store.ReadAll(outputs["threshold"]));
        var trainFinal = train.Select(r => 2 * Math.Tanh(r.Score)).Order().ToArray();
        Assert.Equal(trainFinal[19], threshold.Value, 1e-12); // R7 at 0.95 of 21 values: index 19 exactly
        Assert.Equal([1, 0], rows.Select(r => r.Decision!.Value));
    }

    [Fact]
    public void Fuse_BranchesOverDifferentClips_IsABadInputNamingTheBranch()
    {
        var train = new List<ScoreRow> { new("a", "source", 1), new("b", "source", 2) };
        var h = new ActivityHarness().Scores("x", "train", train).Scores("x", "test", [new("t1", "source", 1)])
            .Scores("y", "train", train).Scores("y", "test", [new("t2", "source", 1)]);
        var error = Assert.Throws<Core.Errors.AsdException>(() =>
            h.Run(new FuseActivity(), new FuseOptions { Weights = new Dictionary<string, double> { ["x"] = 1, ["y"] = 1 } }));
        Assert.Equal(Core.Errors.ErrorCode.BadInput, error.Code);
        Assert.Contains("branch 'y' does not cover the same clips as the others (first difference at row 1)", error.Message);
    }

    [Fact]
    public void Fuse_BranchesGuardsAndGate_EachInputTableIsReadOnce()
    {
        // every table distinct (its own shift), so each has its own object and its own read count
        var h = new ActivityHarness();
        var stages = new[] { "x", "y", "g1", "g2", "rho" };
        for (var s = 0; s < stages.Length; s++)
            h.Scores(stages[s], "train", ActivityHarness.Rows("c", 20, seed: s, shift: s)).Scores(stages[s], "test", ActivityHarness.Rows("d", 6, seed: 10 + s, shift: s));
        h.Run(new FuseActivity(), new FuseOptions
        {
            Weights = new Dictionary<string, double> { ["x"] = 1, ["y"] = 1 }, Transforms = new Dictionary<string, string> { ["x"] = "ecdf" },
            Guard = "g1", Guards = new Dictionary<string, double> { ["g2"] = 0.2 }, Gate = "rho", GateWeights = new Dictionary<string, double> { ["x"] = 1 },
            TailCalibration = "linear",
        });
        Assert.Equal(10, h.Reads.Count);
        Assert.All(h.Reads.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public void Guard_AuxOverDifferentClips_IsABadInputNamingTheStage()
    {
        var train = new List<ScoreRow> { new("a", "source", 1), new("b", "source", 2) };
        var h = new ActivityHarness().Scores("base", "train", train).Scores("base", "test", [new("t1", "source", 1)])
            .Scores("aux", "train", train).Scores("aux", "test", [new("t1", "source", 1), new("t2", "source", 1)]);
        var error = Assert.Throws<Core.Errors.AsdException>(() => h.Run(new GuardActivity(), new GuardOptions { Base = "base", Aux = ["aux"] }));
        Assert.Equal(Core.Errors.ErrorCode.BadInput, error.Code);
        Assert.Equal("stage 'under_test' shard m/00: branch 'aux' does not cover the same clips as the others (first difference at row 2); guard stages must share one decode stage", error.Message);
    }
}

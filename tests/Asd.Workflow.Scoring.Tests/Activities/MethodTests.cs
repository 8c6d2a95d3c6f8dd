using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Scoring.Activities.Fuse;
using Asd.Workflow.Scoring.Activities.Guard;
using Asd.Workflow.Scoring.Calibration;

namespace Asd.Workflow.Scoring.Tests.Activities;

/// <summary>The method of issue #13: one tail for guard and decisions, the ecdf guard, tail calibration, several guards, the gate.</summary>
public sealed class MethodTests
{
    private static readonly List<ScoreRow> Train = Enumerable.Range(0, 20).Select(i => new ScoreRow($"t{i:D2}", "source", i)).ToList(); // tail at 0.95 from 18

    [Fact]
    public void EcdfGuard_PenalisesOnlyTheUpperTail_ByTheCdfGap()
    {
        var test = new List<ScoreRow> { new("a", "source", 19), new("b", "source", 18), new("c", "source", Math.BitDecrement(18.0)), new("d", "source", 2) };
        var auxTest = new List<ScoreRow> { new("a", "source", 4.5), new("b", "source", 19.5), new("c", "source", -100), new("d", "source", -100) };
        var h = new ActivityHarness().Scores("base", "train", Train).Scores("base", "test", test)
            .Scores("aux", "train", Train).Scores("aux", "test", auxTest);
        var r = h.Table(h.Run(new GuardActivity(), new GuardOptions { Mode = "ecdf", Base = "base", Aux = ["aux"], Q = 0.95, Cap = 1 })["test"]).Rows;
        Assert.Equal(1.0 - 0.25, r[0].Score, 12);   // F_base(19) = 1, F_aux(4.5) = 5/20
        Assert.Equal(0, r[1].Score);                // in the tail (F = 0.95) but the aux is even higher: max(0, ·)
        Assert.Equal(0, r[2].Score);                // just below the tail: unchanged although the aux is far lower
        Assert.Equal(0, r[3].Score);
    }

    [Fact]
    public void Guard_TrainClips_OwnScoreNeverInTheirReference()
    {
        var h = new ActivityHarness().Scores("base", "train", Train).Scores("base", "test", [new("x", "source", 18)])
            .Scores("aux", "train", Train.Select(r => r with { Score = -r.Score })).Scores("aux", "test", [new("x", "source", -18)]);
        var outputs = h.Run(new GuardActivity(), new GuardOptions { Mode = "ecdf", Base = "base", Aux = ["aux"], Q = 0.95, Cap = 1 });
        var train = h.Table(outputs["train"]).Rows;
        // a test clip scoring 18 is in the tail (19/20 of the train scores are ≤ 18) and penalised by F_base − F_aux = 0.95 − 0.1
        Assert.Equal(0.95 - 0.10, h.Table(outputs["test"]).Rows[0].Score, 12);
        // the train clip scoring 18 is compared with the other 19: F₋ᵢ = 18/19 < 0.95, not in the tail
        Assert.Equal(0, train[18].Score);
        // the train clip scoring 19: F₋ᵢ(19) = 19/19 = 1, F₋ᵢ(aux −19) = 0/19 = 0 (its own −19 left out)
        Assert.Equal(1.0, train[19].Score, 12);
        var stats = JsonDefaults.Deserialize<GuardStats>(h.Store.ReadAll(outputs["stats"]));
        Assert.Equal(1, stats.TrainPenalised);
        Assert.Equal(18, stats.BaseTailThreshold);
    }

    [Fact]
    public void ThresholdAndGuard_AtTheBoundaryValue_AgreeOnTheTail()
    {
        var test = new List<ScoreRow> { new("at", "source", 18), new("below", "source", Math.BitDecrement(18.0)) };
        var h = new ActivityHarness().Scores("base", "train", Train).Scores("base", "test", test)
            .Scores("aux", "train", Train).Scores("aux", "test", test.Select(r => r with { Score = -100 }));
        var guard = h.Table(h.Run(new GuardActivity(), new GuardOptions { Mode = "ecdf", Base = "base", Aux = ["aux"], Q = 0.95 })["test"]).Rows;
        var fused = h.Run(new FuseActivity(), new FuseOptions { Weights = new Dictionary<string, double> { ["base"] = 1 }, DecisionCdf = 0.95 });
        var decisions = h.Table(fused["test"]).Rows;
        var threshold = JsonDefaults.Deserialize<DecisionThreshold>(h.Store.ReadAll(fused["threshold"]));
        Assert.Equal(18, threshold.Value);          // the smallest train value with F ≥ 0.95, not the R7 quantile 18.05
        Assert.Equal(1, decisions[0].Decision);     // at the boundary: decided anomalous …
        Assert.True(guard[0].Score > 0);            // … and guarded
        Assert.Equal(0, decisions[1].Decision);     // one ulp below: neither
        Assert.Equal(0, guard[1].Score);
    }

    [Fact]
    public void Fuse_TailCalibrationAlone_KeepsTheRankingAndMapsTheTail()
    {
        var test = new List<ScoreRow> { new("a", "source", 25), new("b", "source", 19), new("c", "source", 18.5), new("d", "source", 3) };
        var h = new ActivityHarness().Scores("z", "train", Train).Scores("z", "test", test);
        var outputs = h.Run(new FuseActivity(), new FuseOptions { Weights = new Dictionary<string, double> { ["z"] = 1 }, TailCalibration = "linear", TailQ = 0.95, TailScale = 0.5 });
        var rows = h.Table(outputs["test"]).Rows;
        Assert.Equal([18 + 3.5, 18.5, 18.25, 3], rows.Select(r => r.Score));  // t = 18, m = 19: (x − 18)·0.5 above 18
        var threshold = JsonDefaults.Deserialize<DecisionThreshold>(h.Store.ReadAll(outputs["threshold"]));
        Assert.Equal(new TailCalibration(0.95, 0.5, 18, 19), threshold.Tail);
    }

    [Fact]
    public void Fuse_TailCalibrationThenTwoGuards_PenaltiesOnTheCalibratedScale()
    {
        var test = new List<ScoreRow> { new("a", "source", 19), new("b", "source", 10) };
        var zero = Train.Select(r => r with { Score = 0 }).ToList();
        var h = new ActivityHarness().Scores("z", "train", Train).Scores("z", "test", test)
            .Scores("g1", "train", zero).Scores("g1", "test", [new("a", "source", 0.4), new("b", "source", 0)])
            .Scores("g2", "train", zero).Scores("g2", "test", [new("a", "source", 0.5), new("b", "source", 1)]);
        var rows = h.Table(h.Run(new FuseActivity(), new FuseOptions
        {
            Weights = new Dictionary<string, double> { ["z"] = 2 }, TailCalibration = "linear", TailScale = 1,
            Guard = "g1", Lambda = 0.5, Guards = new Dictionary<string, double> { ["g2"] = 0.2 },
        })["test"]).Rows;
        // mixture 2z: train tail from 36 to 38; 38 → 37; penalties 0.5·0.4 + 0.2·0.5
        Assert.Equal(37 - 0.2 - 0.1, rows[0].Score, 12);
        Assert.Equal(20 - 0.2, rows[1].Score, 12);
    }

    [Fact]
    public void Fuse_ReliabilityGate_ReweightsTheMixturePerClip()
    {
        var test = new List<ScoreRow> { new("a", "source", 2), new("b", "source", 2), new("c", "source", 2) };
        var h = new ActivityHarness()
            .Scores("x", "train", Train).Scores("x", "test", test)
            .Scores("y", "train", Train).Scores("y", "test", test.Select(r => r with { Score = 10 }))
            .Scores("rho", "train", Train.Select(r => r with { Score = 1 }))
            .Scores("rho", "test", [new("a", "source", 1), new("b", "source", 0.5), new("c", "source", 0)]);
        var rows = h.Table(h.Run(new FuseActivity(), new FuseOptions
        {
            Weights = new Dictionary<string, double> { ["x"] = 0.5, ["y"] = 0.5 }, Gate = "rho",
            GateWeights = new Dictionary<string, double> { ["x"] = 1 },
        })["test"]).Rows;
        Assert.Equal(0.5 * 2 + 0.5 * 10, rows[0].Score, 12);       // reliable: the mixture as weighted
        Assert.Equal(0.75 * 2 + 0.25 * 10, rows[1].Score, 12);     // halfway between the two mixtures
        Assert.Equal(2, rows[2].Score, 12);                        // unreliable: the fallback mixture (x alone)
    }

    [Fact]
    public void Fuse_GateWeightsWithoutGateAndAGuardNamedTwice_AreReportedTogether()
    {
        var problems = ((Core.Activities.IActivity)new FuseActivity()).Validate(new FuseOptions
        {
            Weights = new Dictionary<string, double> { ["z"] = 1 }, GateWeights = new Dictionary<string, double> { ["z"] = 1 },
            Guard = "g", Guards = new Dictionary<string, double> { ["g"] = 0.1 },
        }, ["z", "g"]).ToList();
        Assert.Equal(["fuse guard 'g' is named in both guard and guards", "fuse gate_weights needs a gate (a reliability stage)"], problems);
    }

    [Fact]
    public void Fuse_GateOverOtherClips_IsABadInputNamingTheGate()
    {
        var h = new ActivityHarness().Scores("x", "train", Train).Scores("x", "test", [new("a", "source", 1), new("b", "source", 2)])
            .Scores("rho", "train", Train).Scores("rho", "test", [new("a", "source", 1)]);
        var error = Assert.Throws<Core.Errors.AsdException>(() =>
            h.Run(new FuseActivity(), new FuseOptions { Weights = new Dictionary<string, double> { ["x"] = 1 }, Gate = "rho" }));
        Assert.Equal(Core.Errors.ErrorCode.BadInput, error.Code);
        Assert.Contains("branch 'rho' does not cover the same clips", error.Message);
    }

    [Fact]
    public void Fuse_EcdfTransform_TrainClipsLeaveTheirOwnValueOut()
    {
        var h = new ActivityHarness().Scores("z", "train", Train).Scores("z", "test", [new("x", "source", 19)]);
        var outputs = h.Run(new FuseActivity(), new FuseOptions { Weights = new Dictionary<string, double> { ["z"] = 1 }, Transforms = new Dictionary<string, string> { ["z"] = "ecdf" } });
        Assert.Equal(1.0, h.Table(outputs["test"]).Rows[0].Score);        // a test clip at 19: 20 of 20 ≤ 19
        var train = h.Table(outputs["train"]).Rows;
        Assert.Equal(0.0, train[0].Score);                                 // the train clip at 0: none of the other 19
        Assert.Equal(18.0 / 19, train[18].Score, 15);                      // the train clip at 18: 18 of the other 19
    }
}

using Asd.Workflow.Core.Data;
using Asd.Workflow.Scoring.Activities.Reliability;

namespace Asd.Workflow.Scoring.Tests.Activities;

public sealed class ReliabilityActivityTests
{
    private static List<ScoreRow> Ramp(double scale) => Enumerable.Range(0, 10).Select(i => new ScoreRow($"t{i}", "source", i * scale)).ToList();

    [Fact]
    public void Reliability_DisagreementAndProximity_MeanOfTheCuesOnTheCdfScale()
    {
        var h = new ActivityHarness()
            .Scores("near", "train", Ramp(1)).Scores("near", "test", [new("a", "source", 9), new("b", "source", 4)])
            .Scores("far", "train", Ramp(1)).Scores("far", "test", [new("a", "source", 1), new("b", "source", 4)])
            .Scores("target", "train", Ramp(1)).Scores("target", "test", [new("a", "source", 100), new("b", "target", -1)]);
        var rows = h.Table(h.Run(new ReliabilityActivity(), new ReliabilityOptions { Disagreement = ["near", "far"], Proximity = "target", Strength = 0.5 })["test"]).Rows;
        // a: F_near = 1, F_far = 0.2 → 0.8; F_target = 1 → proximity 0: ρ = 1 − 0.5·(0.8 + 0)/2
        Assert.Equal(1 - 0.5 * 0.4, rows[0].Score, 12);
        // b: views agree → 0; below every target-bank distance → proximity 1: ρ = 1 − 0.5·0.5
        Assert.Equal(0.75, rows[1].Score, 12);
    }

    [Fact]
    public void Reliability_TrainClips_OwnValueLeftOut()
    {
        var h = new ActivityHarness()
            .Scores("target", "train", Ramp(1)).Scores("target", "test", [new("x", "source", 0)]);
        var outputs = h.Run(new ReliabilityActivity(), new ReliabilityOptions { Proximity = "target", Strength = 1 });
        Assert.Equal(0.1, h.Table(outputs["test"]).Rows[0].Score, 12);   // a test clip at 0: F = 1/10
        var train = h.Table(outputs["train"]).Rows;
        Assert.Equal(0.0, train[0].Score, 12);                           // the train clip at 0: F₋ᵢ = 0/9
        Assert.Equal(1.0, train[9].Score, 12);                           // the largest: F₋ᵢ = 9/9
    }

    [Fact]
    public void Validate_NoCueOneViewAndAStageNotInNeeds_ReportedTogether()
    {
        var activity = (Core.Activities.IActivity)new ReliabilityActivity();
        Assert.Equal(["reliability needs a cue: disagreement: [VIEW, VIEW] and/or proximity: STAGE"], activity.Validate(new ReliabilityOptions(), ["a"]));
        Assert.Equal(["reliability disagreement needs two or more views", "reliability names 'b', which is not one of its needs (a)"],
            activity.Validate(new ReliabilityOptions { Disagreement = ["b"] }, ["a"]));
    }

    [Fact]
    public void Reliability_CuesOverDifferentClips_IsABadInputNamingTheCue()
    {
        var h = new ActivityHarness()
            .Scores("near", "train", Ramp(1)).Scores("near", "test", [new("a", "source", 1)])
            .Scores("far", "train", Ramp(1).Skip(1)).Scores("far", "test", [new("a", "source", 1)]);
        var error = Assert.Throws<Core.Errors.AsdException>(() => h.Run(new ReliabilityActivity(), new ReliabilityOptions { Disagreement = ["near", "far"] }));
        Assert.Equal(Core.Errors.ErrorCode.BadInput, error.Code);
        Assert.Equal("stage 'under_test' shard m/00: cue 'far' does not cover the same clips as the others (first difference at row 1); reliability cues must share one decode stage", error.Message);
    }
}

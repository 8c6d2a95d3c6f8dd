using System.ComponentModel.DataAnnotations;
using Asd.Workflow.Core.Activities;

namespace Asd.Workflow.Core.Tests.Fakes;

public sealed record ThresholdOptions
{
    /// <summary>Which data-set split the threshold's statistic is computed from: train (correct) or test (a leak).</summary>
    [AllowedValues("train", "test")] public string StatsFrom { get; init; } = "train";
}

/// <summary>A tiny "system": a threshold computed from one split, and test scores; lineage says which split fed the threshold.</summary>
public sealed class ThresholdActivity : Activity<ThresholdOptions>
{
    public override string Kind => "threshold";
    public override int Version => 1;

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, ThresholdOptions options, CancellationToken ct)
    {
        var source = context.Input(options.StatsFrom);
        var test = context.Input("test");
        var threshold = context.Store.Put(context.Read(source));
        return Task.FromResult(ActivityResult.Of(
            new OutputArtifact("threshold", threshold, MediaTypes.Json, [source.Ref]),
            new OutputArtifact("test", context.Store.Put(context.Read(test)), MediaTypes.Json, [test.Ref, source.Ref])));
    }
}

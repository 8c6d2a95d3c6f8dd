using System.ComponentModel.DataAnnotations;
using System.Text;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Engine;

namespace Asd.Workflow.Core.Tests.Fakes;

public sealed record TransformOptions
{
    [Range(-1000, 1000)] public int Add { get; init; }
    /// <summary>Output is the input modulo this (lets a changed input give an identical output: early cutoff).</summary>
    [Range(1, 1000000)] public int Modulo { get; init; } = 1000000;
    public string Label { get; init; } = "";
    [AllowedValues("a", "b")] public string Mode { get; init; } = "a";
}

/// <summary>
/// Reads one integer (from the data-set "train" source or the upstream "value" port), adds, takes the modulo
/// and writes it as the "value" port. Counts its executions so tests can see what ran.
/// </summary>
public sealed class TransformActivity : Activity<TransformOptions>
{
    private int _executions;
    public int Executions => _executions;
    public List<string> Ran { get; } = [];
    public bool Nondeterministic { get; set; }

    public override string Kind => "transform";
    public override int Version => VersionNumber;
    public int VersionNumber { get; set; } = 1;

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, TransformOptions options, CancellationToken ct)
    {
        Interlocked.Increment(ref _executions);
        lock (Ran) Ran.Add($"{context.StageName}/{context.Shard}");
        var input = context.Inputs.First(i => i.Port is "value" or "train");
        var value = int.Parse(Encoding.UTF8.GetString(context.Read(input)).Split('|')[0]);
        var result = (value + options.Add) % options.Modulo;
        var text = Nondeterministic ? $"{result}|{Guid.NewGuid()}" : result.ToString();
        return Task.FromResult(ActivityResult.Of(new OutputArtifact("value", context.Store.Put(Encoding.UTF8.GetBytes(text)), MediaTypes.Json, [input.Ref])));
    }
}

/// <summary>Sums the upstream values over all shards (a whole-set activity).</summary>
public sealed class SumActivity : Activity<TransformOptions>
{
    public override string Kind => "sum";
    public override int Version => 1;
    public override ActivityScope Scope => ActivityScope.WholeSet;

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, TransformOptions options, CancellationToken ct)
    {
        var total = context.Inputs.Where(i => i.Port == "value").Sum(i => int.Parse(Encoding.UTF8.GetString(context.Read(i)).Split('|')[0]));
        return Task.FromResult(ActivityResult.Of(new OutputArtifact("value", context.Store.Put(Encoding.UTF8.GetBytes(total.ToString())), MediaTypes.Json,
            context.Inputs.Select(i => i.Ref).ToList())));
    }
}

/// <summary>Always fails.</summary>
public sealed class FailingActivity : Activity<TransformOptions>
{
    public override string Kind => "fail";
    public override int Version => 1;
    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, TransformOptions options, CancellationToken ct) =>
        throw new InvalidOperationException("boom");
}

public sealed class RecordingObserver : IRunObserver
{
    public List<ShardEvent> Events { get; } = [];
    public void ShardFinished(ShardEvent e) { lock (Events) Events.Add(e); }
}

/// <summary>Fails with a bad-input error, as an activity does when a workflow asks for something the data cannot give.</summary>
public sealed class RejectingActivity : Activity<TransformOptions>
{
    public override string Kind => "reject";
    public override int Version => 1;
    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, TransformOptions options, CancellationToken ct) =>
        throw Errors.AsdException.BadInput($"stage '{context.StageName}' asks for a view the data does not have");
}

/// <summary>An activity whose version, resolved configuration and environment facts a test sets.</summary>
public sealed class ConfigurableActivity : Activity<TransformOptions>
{
    public override string Kind => "configurable";
    public override int Version => VersionNumber;
    public int VersionNumber { get; set; } = 1;
    public Dictionary<string, string> Facts { get; } = new() { ["cpu"] = "x64-avx2-fma", ["runtime"] = "10.0.0", ["provider"] = "cpu" };
    public System.Text.Json.Nodes.JsonObject Configuration { get; set; } = new() { ["n_mels"] = 64 };

    public override IReadOnlyDictionary<string, string> EnvironmentFacts(object options) => new Dictionary<string, string>(Facts);
    public override System.Text.Json.Nodes.JsonObject Describe(object options) => (System.Text.Json.Nodes.JsonObject)Configuration.DeepClone();

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, TransformOptions options, CancellationToken ct) =>
        throw new NotSupportedException("identity tests only");
}

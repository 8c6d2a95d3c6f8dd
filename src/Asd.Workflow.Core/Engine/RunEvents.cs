namespace Asd.Workflow.Core.Engine;

public enum ShardStatus { Ran, Cached, Failed, Skipped, WouldRun }

/// <summary>What happened to one stage shard. Reasons explain a (would-)run; Error a failure.</summary>
public sealed record ShardEvent(string Stage, string Shard, ShardStatus Status, string? Key, long Milliseconds, string? Error, IReadOnlyList<string> Reasons)
{
    /// <summary>The inputs this shard had, named by this workflow's stages (empty when it did not get that far).</summary>
    public IReadOnlyList<Activities.InputArtifact> Inputs { get; init; } = [];

    /// <summary>The error kind of a failure (null for other exceptions and other statuses).</summary>
    public Errors.ErrorCode? Code { get; init; }
}

/// <summary>Receives progress as it happens (terminal display, JSON lines, tests).</summary>
public interface IRunObserver
{
    void ShardStarted(string stage, string shard) { }
    void ShardFinished(ShardEvent e);
    void Notice(string line) { }
}

public sealed record RunSummary(IReadOnlyList<ShardEvent> Events, IReadOnlyList<string> Notes)
{
    public int Ran => Events.Count(e => e.Status == ShardStatus.Ran);
    public int Cached => Events.Count(e => e.Status == ShardStatus.Cached);
    public int Failed => Events.Count(e => e.Status == ShardStatus.Failed);
    public int Skipped => Events.Count(e => e.Status == ShardStatus.Skipped);
    public int WouldRun => Events.Count(e => e.Status == ShardStatus.WouldRun);
}

/// <summary>How a run behaves. Force: null = none, empty = every stage.</summary>
public sealed record RunSettings(int Jobs = 1, IReadOnlyCollection<string>? Force = null, bool Downstream = false, bool DryRun = false);

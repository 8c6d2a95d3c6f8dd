namespace Asd.Workflow.Core.Engine;

public enum ShardStatus { Ran, Cached, Failed, Skipped, WouldRun }

/// <summary>What happened to one stage shard. Reasons explain a (would-)run; Error a failure.</summary>
public sealed record ShardEvent(string Stage, string Shard, ShardStatus Status, string? Key, long Milliseconds, string? Error, IReadOnlyList<string> Reasons)
{
    /// <summary>The inputs this shard had, named by this workflow's stages (empty when it did not get that far).</summary>
    public IReadOnlyList<Activities.InputArtifact> Inputs { get; init; } = [];

    /// <summary>The kind of a failure (<see cref="Errors.ErrorCode.Internal"/> for a fault in asd itself); null otherwise.</summary>
    public Errors.ErrorCode? Code { get; init; }

    /// <summary>For an executed shard that used the per-clip memo: entries it found and entries it computed; null otherwise.</summary>
    public MemoUse? Memo { get; init; }
}

/// <summary>Receives progress as it happens (terminal display, JSON lines, tests).</summary>
public interface IRunObserver
{
    void ShardStarted(string stage, string shard) { }
    void ShardFinished(ShardEvent e);

    /// <summary>Clip-level progress of a running shard: <paramref name="done"/> of <paramref name="total"/> clips (called often, from any thread).</summary>
    void ShardProgress(string stage, string shard, int done, int total) { }
    void Notice(string line) { }
}

public sealed record RunSummary(IReadOnlyList<ShardEvent> Events, IReadOnlyList<string> Notes)
{
    public int Ran => Events.Count(e => e.Status == ShardStatus.Ran);
    public int Cached => Events.Count(e => e.Status == ShardStatus.Cached);
    public int Failed => Events.Count(e => e.Status == ShardStatus.Failed);
    public int Skipped => Events.Count(e => e.Status == ShardStatus.Skipped);
    public int WouldRun => Events.Count(e => e.Status == ShardStatus.WouldRun);

    /// <summary>The identity of every stage as the run resolved it at its start (what a run stamp records).</summary>
    public IReadOnlyDictionary<string, StageIdentity> Identities { get; init; } = new Dictionary<string, StageIdentity>();

    /// <summary>The worst failure's exit code: 2 when any shard failed on bad input, else 1 when any failed, else 0.</summary>
    public int ExitCode => Events.Where(e => e.Status == ShardStatus.Failed)
        .Select(e => Errors.AsdException.ExitCodeOf(e.Code ?? Errors.ErrorCode.Internal)).DefaultIfEmpty(0).Max();
}

/// <summary>How a run behaves. Force: null = none, empty = every stage.</summary>
public sealed record RunSettings(int Jobs = 1, IReadOnlyCollection<string>? Force = null, bool Downstream = false, bool DryRun = false);

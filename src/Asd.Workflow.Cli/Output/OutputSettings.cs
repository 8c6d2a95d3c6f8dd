namespace Asd.Workflow.Cli.Output;

public enum Verbosity { Quiet, Normal, Verbose }

/// <summary>
/// How a command talks, read once in <c>Main</c> from the command line (--quiet, --verbose) and the environment
/// (<c>ASD_PROGRESS_INTERVAL_MS</c>: how often --json reports a running shard's clips; default 2,000 ms, so a
/// shard that takes under two seconds reports none). Commands read <see cref="Current"/>, never the environment.
/// </summary>
internal sealed record OutputSettings(Verbosity Verbosity, TimeSpan ProgressInterval)
{
    public static readonly TimeSpan DefaultProgressInterval = TimeSpan.FromSeconds(2);

    public static OutputSettings Current { get; private set; } = new(Verbosity.Normal, DefaultProgressInterval);

    public bool Quiet => Verbosity == Verbosity.Quiet;
    public bool Verbose => Verbosity == Verbosity.Verbose;

    /// <summary>Called once by <c>Main</c> after the command line is parsed.</summary>
    public static void Set(bool quiet, bool verbose, string? progressIntervalMs) =>
        Current = new(quiet ? Verbosity.Quiet : verbose ? Verbosity.Verbose : Verbosity.Normal,
            int.TryParse(progressIntervalMs, out var ms) && ms >= 0 ? TimeSpan.FromMilliseconds(ms) : DefaultProgressInterval);
}

namespace Asd.Workflow.Core.Engine;

/// <summary>
/// What one successful execution produced. Stored as an object (so the index can be rebuilt) and indexed by
/// cache key. <see cref="Milliseconds"/> is the only non-deterministic field and never feeds an artifact.
/// </summary>
public sealed record ExecutionRecord(
    string CacheKey,
    string KeyDocument,
    string Kind,
    int Version,
    string Stage,
    string Shard,
    IReadOnlyList<RecordedInput> Inputs,
    IReadOnlyList<RecordedOutput> Outputs,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Notes,
    long Milliseconds)
{
    public const string MediaType = "application/vnd.asd.execution+json";
}

public sealed record RecordedInput(string Ref, string Digest, string MediaType);

public sealed record RecordedOutput(string Port, string Digest, string MediaType, IReadOnlyList<string> DerivedFrom);

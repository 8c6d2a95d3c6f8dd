namespace Asd.Workflow.Core.Data;

/// <summary>
/// One clip of the data set. Carries no label: labels live only in <see cref="GroundTruth"/>, which flows to
/// evaluation alone. Domain is "source", "target" or "unknown" (eval names carry none).
/// </summary>
public sealed record ClipEntry(string Name, string Path, string Sha256, string Split, string Domain, IReadOnlyDictionary<string, string>? Attributes = null);

/// <summary>The clips of one split of one (machine, section) shard, sorted by name.</summary>
public sealed record ClipInventory(string Machine, string Section, string Split, IReadOnlyList<ClipEntry> Clips)
{
    public const string Train = "train";
    public const string Test = "test";
}

/// <summary>Labels (1 = anomaly) and domains of the test clips of one shard.</summary>
public sealed record GroundTruth(string Machine, string Section, IReadOnlyList<TruthEntry> Entries);

public sealed record TruthEntry(string Name, int Label, string Domain);

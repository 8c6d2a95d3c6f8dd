using Asd.Workflow.Audio.Dataset;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Store.Dataset;

/// <summary>
/// Turns a data-set folder into the "dataset" source artifacts. Fast path: an XXH128 fingerprint of the
/// listing (see <see cref="DatasetFingerprint"/>) names a snapshot remembered from an earlier scan, which is
/// reused when all its objects are present — no clip is opened. Otherwise the data set is read in full: new,
/// changed and racy files are SHA256-hashed (the identity), unchanged ones come from the stat cache. A scan
/// that found racy files remembers no snapshot and reports no fingerprint (so no run stamp vouches for it):
/// the next scan re-reads those files.
/// </summary>
public sealed class DatasetScanner(IArtifactStore store, IRunIndex index, TimeProvider? clock = null)
{
    /// <summary>
    /// The listing fingerprint of the last <see cref="Scan"/>; null when the folder is missing, a file has no
    /// complete identity, or the scan found racy files.
    /// </summary>
    public string? Fingerprint { get; private set; }

    /// <summary>Files the last <see cref="Scan"/> read in full (0 when the remembered snapshot was reused).</summary>
    public int Hashed { get; private set; }

    /// <param name="rehash">Ignore the remembered snapshot and the stat cache: hash every file.</param>
    /// <param name="blindTest">Read the test split without labels or domains (an evaluation set; see <see cref="DatasetReader"/>).</param>
    public DatasetSnapshot Scan(string root, int jobs, bool rehash = false, bool blindTest = false)
    {
        root = Path.GetFullPath(root);
        var started = (clock ?? TimeProvider.System).GetUtcNow(); // before any stat: the racy-clean reference
        var fingerprint = Fingerprint = DatasetFingerprint.Of(root, out var identities); // one statx per file for the whole scan
        Hashed = 0;
        // A blind read of the same listing is another snapshot (no labels, no test domains): remembered apart.
        var remembered = blindTest && fingerprint is not null ? "blind:" + fingerprint : fingerprint;
        if (!rehash && remembered is not null && index.FindDatasetSnapshot(remembered) is { } json && Restore(json) is { } known) return known;
        var hasher = new FileHasher(index, started) { Rehash = rehash, Known = identities };
        var inventory = RunnableDataset.Require(new DatasetReader(paths => hasher.HashAll(paths, jobs), blindTest).Read(root));
        var snapshot = DatasetSnapshotBuilder.Build(inventory, store);
        Hashed = hasher.Hashed;
        if (hasher.Racy > 0) Fingerprint = null;
        else if (remembered is not null)
            index.SaveDatasetSnapshot(remembered, System.Text.Json.JsonSerializer.Serialize(Store(snapshot), ScannerJsonContext.Default.StoredSnapshot));
        return snapshot;
    }

    private static StoredSnapshot Store(DatasetSnapshot s) =>
        new(s.Root, s.InventoryDigest.ToString(), s.Shards.Select(shard => new StoredShard(shard.ToString(), s.Sources[shard])).ToList());

    private DatasetSnapshot? Restore(string json)
    {
        StoredSnapshot stored;
        try { stored = System.Text.Json.JsonSerializer.Deserialize(json, ScannerJsonContext.Default.StoredSnapshot)!; }
        catch (System.Text.Json.JsonException) { return null; } // written by an older version: scan again
        if (stored.Shards.Any(s => s.Sources.Any(a => !store.Exists(a.Digest)))) return null;
        var shards = stored.Shards.Select(s => Shard.Parse(s.Shard)).ToList();
        return new DatasetSnapshot(stored.Root, shards, stored.Shards.ToDictionary(s => Shard.Parse(s.Shard), s => s.Sources), Digest.Parse(stored.Inventory));
    }
}

internal sealed record StoredSnapshot(string Root, string Inventory, IReadOnlyList<StoredShard> Shards);

internal sealed record StoredShard(string Shard, IReadOnlyList<SourceArtifact> Sources);

/// <summary>Compile-time JSON metadata for the remembered snapshot (read on every run).</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower)]
[System.Text.Json.Serialization.JsonSerializable(typeof(StoredSnapshot))]
internal sealed partial class ScannerJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

using System.IO.Enumeration;
using System.IO.Hashing;
using System.Text;
using Asd.Workflow.Audio.Dataset;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Store.Dataset;

namespace Asd.Workflow.Cli.Composition;

/// <summary>
/// Turns a data-set folder into the "dataset" source artifacts. Fast path: an XXH128 fingerprint of the
/// listing (every clip's path, size and mtime, and the ground-truth files') names a snapshot remembered from
/// an earlier scan, which is reused when all its objects are present — no clip is opened. Otherwise the
/// data set is read in full: new or changed files are SHA256-hashed (the identity), unchanged ones come
/// from the stat cache.
/// </summary>
public sealed class DatasetScanner(IArtifactStore store, IRunIndex index)
{
    public DatasetSnapshot Scan(string root, int jobs)
    {
        root = Path.GetFullPath(root);
        var fingerprint = Fingerprint(root);
        if (fingerprint is not null && index.FindDatasetSnapshot(fingerprint) is { } json && Restore(json) is { } known) return known;
        var hasher = new FileHasher(index);
        var inventory = new DatasetReader(paths => hasher.HashAll(paths, jobs)).Read(root);
        var snapshot = DatasetSnapshotBuilder.Build(inventory, store);
        if (fingerprint is not null)
            index.SaveDatasetSnapshot(fingerprint, System.Text.Json.JsonSerializer.Serialize(Store(snapshot), ScannerJsonContext.Default.StoredSnapshot));
        return snapshot;
    }

    private static string? Fingerprint(string root)
    {
        if (!Directory.Exists(root)) return null;
        var hash = new XxHash128();
        hash.Append(Encoding.UTF8.GetBytes(root + "\n"));
        Span<byte> numbers = stackalloc byte[16];
        // One pass per folder: the directory read and each entry's stat, no FileInfo per path.
        var entries = DatasetReader.ClipDirectories(root).Select(d => d.Dir)
            .Concat(GroundTruthDirectories(root))
            .AsParallel().AsOrdered()
            .Select(dir => new FileSystemEnumerable<(string Path, long Size, long Mtime)>(dir,
                    (ref FileSystemEntry e) => (e.ToFullPath(), e.Length, e.LastWriteTimeUtc.UtcTicks),
                    new EnumerationOptions { RecurseSubdirectories = false })
                { ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory }
                .OrderBy(f => f.Path, StringComparer.Ordinal).ToList())
            .ToList();
        foreach (var folder in entries)
            foreach (var (path, size, mtime) in folder)
            {
                hash.Append(Encoding.UTF8.GetBytes(path));
                BitConverter.TryWriteBytes(numbers, size);
                BitConverter.TryWriteBytes(numbers[8..], mtime);
                hash.Append(numbers);
            }
        return "xxh128:" + Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    private static IEnumerable<string> GroundTruthDirectories(string root)
    {
        for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            foreach (var name in new[] { "ground_truth_data", "ground_truth_domain" })
                if (Directory.Exists(Path.Combine(dir.FullName, name))) yield return Path.Combine(dir.FullName, name);
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

using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Store.Dataset;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Store.Tests.Dataset;

public sealed class DatasetScannerTests
{
    /// <summary>A scan that began long after the files were written: nothing is racy, so snapshots are remembered.</summary>
    private static readonly TimeProvider Later = new Shifted(TimeSpan.FromHours(1));

    private sealed class Shifted(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }

    [Fact]
    public void FingerprintIdentities_EveryFileTheReaderHashes_ListedUnderTheSamePath()
    {
        var root = RepoPaths.TempDir("scan-ids");
        foreach (var (machine, split, name) in new[] { ("fan", "train", "section_00_source_train_normal_0000.wav"), ("fan", "test", "section_00_target_test_anomaly_0000.WAV"), ("pump", "test", "section_00_source_test_normal_0000.wav") })
        {
            var dir = Directory.CreateDirectory(Path.Combine(root, "dev_data", "raw", machine, split)).FullName;
            File.WriteAllBytes(Path.Combine(dir, name), [1, 2, 3]);
        }
        Assert.NotNull(DatasetFingerprint.Of(root, out var identities));
        IReadOnlyList<string> hashed = [];
        try
        {
            new Audio.Dataset.DatasetReader(paths => { hashed = paths; return paths.ToDictionary(p => p, _ => "00"); }).Read(root);
        }
        catch (Core.Errors.AsdException) { } // a section without train clips: the paths were handed over first
        Assert.Equal(3, hashed.Count);
        Assert.All(hashed, p => Assert.Equal(FileIdentityReader.Read(p), identities![p])); // so the scan stats each file once
    }

    [Fact]
    public void Scan_BlindAfterSeeing_IsItsOwnSnapshotWithoutLabelsOrTestDomainsAndBothAreRemembered()
    {
        var root = RepoPaths.TempDir("scan");
        foreach (var (split, name) in new[] { ("train", "section_00_source_train_normal_0000.wav"), ("test", "section_00_target_test_anomaly_0000.wav") })
        {
            var dir = Directory.CreateDirectory(Path.Combine(root, "fan", split)).FullName;
            File.WriteAllBytes(Path.Combine(dir, name), [1, 2, 3]);
        }
        Thread.Sleep(30);
        var store = new InMemoryArtifactStore();
        var index = new InMemoryRunIndex();
        ClipInventory Test(Core.Engine.DatasetSnapshot s) => JsonDefaults.Deserialize<ClipInventory>(store.ReadAll(s.Sources[s.Shards[0]].Single(a => a.Port == ClipInventory.Test).Digest));
        GroundTruth Truth(Core.Engine.DatasetSnapshot s) => JsonDefaults.Deserialize<GroundTruth>(store.ReadAll(s.Sources[s.Shards[0]].Single(a => a.Port == Core.Engine.DatasetSnapshot.TruthPort).Digest));

        var seeing = new DatasetScanner(store, index, Later).Scan(root, 1);
        var scanner = new DatasetScanner(store, index, Later);
        var blind = scanner.Scan(root, 1, blindTest: true);
        Assert.Equal("target", Assert.Single(Test(seeing).Clips).Domain);
        Assert.Single(Truth(seeing).Entries);
        Assert.Equal("unknown", Assert.Single(Test(blind).Clips).Domain);
        Assert.Empty(Truth(blind).Entries);

        // Both snapshots are now remembered under their own names: each scan gets its own back without reading a clip.
        var again = new DatasetScanner(store, index, Later);
        Assert.Equal(seeing.InventoryDigest, again.Scan(root, 1).InventoryDigest);
        Assert.Equal(blind.InventoryDigest, again.Scan(root, 1, blindTest: true).InventoryDigest);
        Assert.Equal(0, again.Hashed);
        Assert.NotEqual(seeing.InventoryDigest, blind.InventoryDigest);
    }
}

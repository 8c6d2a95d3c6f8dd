using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Store.Dataset;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Store.Tests.Dataset;

public sealed class FileHasherTests
{
    /// <summary>A scan that began long after the files were written: nothing is racy.</summary>
    private static readonly DateTimeOffset Later = DateTimeOffset.UtcNow.AddHours(1);

    private static List<string> Files(string name, int count, Func<int, string> content)
    {
        var dir = RepoPaths.TempDir(name);
        var paths = Enumerable.Range(0, count).Select(i => Path.Combine(dir, $"f{i}.wav")).ToList();
        for (var i = 0; i < count; i++) File.WriteAllText(paths[i], content(i));
        Thread.Sleep(30); // past the file system's coarse clock tick, so a later rewrite gets another ctime
        return paths;
    }

    [Fact]
    public void HashAll_UnchangedFiles_AreServedFromTheStatCache()
    {
        var paths = Files("hash", 4, i => $"clip {i}");
        var index = new InMemoryRunIndex();
        var first = new FileHasher(index, Later).HashAll(paths, 2);
        Assert.Equal(FileHasher.HashFile(paths[2]), first[paths[2]]);

        // A cache entry with a wrong digest proves the second pass did not re-read unchanged files.
        var stat = index.LoadStatCache()[paths[0]];
        index.SaveStatCache([stat with { Sha256 = "cached" }]);
        var second = new FileHasher(index, Later);
        Assert.Equal("cached", second.HashAll(paths, 2)[paths[0]]);
        Assert.Equal(0, second.Hashed);

        File.WriteAllText(paths[0], "changed content, changed size");
        var third = new FileHasher(index, Later).HashAll(paths, 2);
        Assert.Equal(FileHasher.HashFile(paths[0]), third[paths[0]]);
    }

    [Fact]
    public void HashAll_IdentitiesKnownFromTheListing_NotStatedAgain()
    {
        var paths = Files("hash-known", 2, i => $"clip {i}");
        var index = new InMemoryRunIndex();
        var listed = new Dictionary<string, FileIdentity>(StringComparer.Ordinal);
        new FileHasher(index, Later).HashAll(paths, 2);
        foreach (var p in paths) listed[p] = FileIdentityReader.Read(p)!.Value;

        // The file changes after the listing read its identity: the scan trusts the listing (one statx per file),
        // so the cache answers for it; the next listing sees the new identity.
        File.WriteAllText(paths[0], "changed content, changed size");
        var hasher = new FileHasher(index, Later) { Known = listed };
        var hashes = hasher.HashAll(paths, 2);
        Assert.Equal(0, hasher.Hashed);
        Assert.NotEqual(FileHasher.HashFile(paths[0]), hashes[paths[0]]);
        var fresh = new FileHasher(index, Later);
        Assert.Equal(FileHasher.HashFile(paths[0]), fresh.HashAll(paths, 2)[paths[0]]);
    }

    [Fact]
    public void HashAll_MvSwapOfTwoEqualSizeFilesWithTheSameMtime_RehashesBoth()
    {
        var paths = Files("hash-swap", 3, i => $"clip {i}");
        var mtime = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
        foreach (var p in paths) File.SetLastWriteTimeUtc(p, mtime);
        var index = new InMemoryRunIndex();
        var before = new FileHasher(index, Later).HashAll(paths, 2);

        var temp = paths[0] + ".swap";
        File.Move(paths[0], temp);
        File.Move(paths[1], paths[0]);
        File.Move(temp, paths[1]);

        var hasher = new FileHasher(index, Later);
        var after = hasher.HashAll(paths, 2);
        Assert.Equal(2, hasher.Hashed);
        Assert.Equal(before[paths[1]], after[paths[0]]);
        Assert.Equal(before[paths[0]], after[paths[1]]);
        Assert.Equal(before[paths[2]], after[paths[2]]);
    }

    [Fact]
    public void HashAll_ReplacementOfEqualSizeWithTheMtimeRestored_IsRehashed()
    {
        var paths = Files("hash-cp-p", 2, i => $"clip {i}");
        var index = new InMemoryRunIndex();
        new FileHasher(index, Later).HashAll(paths, 2);
        var mtime = File.GetLastWriteTimeUtc(paths[0]);

        File.WriteAllText(paths[0], "clip 9"); // cp -p: same size, the old mtime put back
        File.SetLastWriteTimeUtc(paths[0], mtime);

        var hasher = new FileHasher(index, Later);
        var after = hasher.HashAll(paths, 2);
        Assert.Equal(1, hasher.Hashed);
        Assert.Equal(FileHasher.HashFile(paths[0]), after[paths[0]]);
    }

    [Fact]
    public void HashAll_FileWrittenWithinATickOfTheScan_IsRacyAndRehashedNextTime()
    {
        var paths = Files("hash-racy", 2, i => $"clip {i}");
        var written = FileIdentityReader.Read(paths[0])!.Value;
        var index = new InMemoryRunIndex();
        var scan = DateTimeOffset.UnixEpoch.AddTicks(Math.Max(written.MtimeNs, written.CtimeNs) / 100).AddMilliseconds(50);

        var first = new FileHasher(index, scan);
        first.HashAll(paths, 2);
        Assert.Equal(2, first.Racy);
        Assert.True(index.LoadStatCache()[paths[0]].Racy);

        // Same identity, but a racy entry is never trusted: a digest planted in it is not served.
        index.SaveStatCache([index.LoadStatCache()[paths[0]] with { Sha256 = "stale" }]);
        var second = new FileHasher(index, Later);
        Assert.Equal(FileHasher.HashFile(paths[0]), second.HashAll(paths, 2)[paths[0]]);
        Assert.Equal((2, 0), (second.Hashed, second.Racy));

        var third = new FileHasher(index, Later);
        third.HashAll(paths, 2);
        Assert.Equal(0, third.Hashed);
    }

    [Fact]
    public void HashAll_Rehash_ReadsEveryFile()
    {
        var paths = Files("hash-all", 5, i => $"clip {i}");
        var index = new InMemoryRunIndex();
        new FileHasher(index, Later).HashAll(paths, 2);
        var hasher = new FileHasher(index, Later) { Rehash = true };
        hasher.HashAll(paths, 2);
        Assert.Equal(5, hasher.Hashed);
    }

    [Theory]
    [InlineData(10_000_000_000L, 9_950_000_000L, true)]   // 50 ms before the scan, sub-second timestamp
    [InlineData(10_000_000_000L, 9_850_000_000L, false)]  // 150 ms before
    [InlineData(10_000_000_000L, 9_000_000_000L, true)]   // a whole-second timestamp 1 s before: a 2 s file system
    [InlineData(10_000_000_000L, 7_000_000_000L, false)]  // 3 s before
    [InlineData(10_000_000_000L, 12_000_000_001L, true)]  // after the scan began
    public void IsRacy_TimestampNearTheScan_DependsOnTheTimestampsGranularity(long scanNs, long mtimeNs, bool racy) =>
        Assert.Equal(racy, FileHasher.IsRacy(new FileIdentity(1, 2, 3, mtimeNs, 1), scanNs));
}

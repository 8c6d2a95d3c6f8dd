using Asd.Workflow.Store.Dataset;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Store.Tests.Dataset;

public sealed class DatasetFingerprintTests
{
    private static (string Root, string[] Clips) DataSet(string name)
    {
        var root = RepoPaths.TempDir(name);
        var train = Directory.CreateDirectory(Path.Combine(root, "fan", "train")).FullName;
        var clips = Enumerable.Range(0, 3).Select(i => Path.Combine(train, $"section_00_source_train_normal_000{i}.wav")).ToArray();
        for (var i = 0; i < clips.Length; i++) File.WriteAllText(clips[i], $"clip {i}");
        var mtime = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
        foreach (var clip in clips) File.SetLastWriteTimeUtc(clip, mtime);
        Thread.Sleep(30); // past the coarse clock tick, so a later change gets another ctime
        return (root, clips);
    }

    [Fact]
    public void Of_UnchangedListing_IsTheSame()
    {
        var (root, _) = DataSet("fp-same");
        Assert.Equal(DatasetFingerprint.Of(root), DatasetFingerprint.Of(root));
        Assert.StartsWith("xxh128:", DatasetFingerprint.Of(root));
    }

    [Fact]
    public void Of_MvSwapOfEqualSizeClipsWithTheSameMtime_Changes()
    {
        var (root, clips) = DataSet("fp-swap");
        var before = DatasetFingerprint.Of(root);
        File.Move(clips[0], clips[0] + ".t");
        File.Move(clips[1], clips[0]);
        File.Move(clips[0] + ".t", clips[1]);
        Assert.NotEqual(before, DatasetFingerprint.Of(root));
    }

    [Fact]
    public void Of_ReplacementWithTheMtimeRestored_Changes()
    {
        var (root, clips) = DataSet("fp-cp-p");
        var before = DatasetFingerprint.Of(root);
        var mtime = File.GetLastWriteTimeUtc(clips[0]);
        File.WriteAllText(clips[0], "clip 7");
        File.SetLastWriteTimeUtc(clips[0], mtime);
        Assert.NotEqual(before, DatasetFingerprint.Of(root));
    }
}

using System.Text.RegularExpressions;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Commands;

/// <summary>Data-set changes that keep size and mtime are still seen: by the run stamp, the snapshot and the stat cache.</summary>
public sealed class RacyFileTests(TinyDataSet data) : IClassFixture<TinyDataSet>
{
    private static readonly Dictionary<string, string> Trace = new() { ["ASD_TRACE"] = "1" };
    private const string FromStamp = "answered from the run stamp";

    private static string[] RunArgs(string dataRoot, string store, params string[] extra) =>
        ["run", AsdProcess.Workflow("tiny.yaml"), "--data", dataRoot, "--set", "bad=fail", "--store", store, .. extra];

    private static int Hashed(AsdProcess.Result r) =>
        int.Parse(Regex.Match(r.Err, @"data set checked, (\d+) file\(s\) hashed").Groups[1].Value);

    /// <summary>"stage/shard" of every shard a plain run printed as ran.</summary>
    private static List<string> Ran(AsdProcess.Result r) => r.Lines
        .Select(l => Regex.Match(l, @"^\[\s*\d+/\d+\]\s+(\S+)\s+(\S+)\s+ran\s")).Where(m => m.Success)
        .Select(m => $"{m.Groups[1].Value}/{m.Groups[2].Value}").ToList();

    /// <summary>A copy of the data set with one mtime on every clip, run until a plain run is answered from the stamp.</summary>
    private (string Copy, string Store, List<string> Train, DateTime Mtime) Stamped(string name)
    {
        var copy = data.Copy();
        var mtime = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
        foreach (var clip in Directory.GetFiles(copy, "*.wav", SearchOption.AllDirectories)) File.SetLastWriteTimeUtc(clip, mtime);
        var store = RepoPaths.TempDir(name);
        Assert.Equal(0, AsdProcess.Run(store, RunArgs(copy, store)).ExitCode);
        // A first run that found files racy (ctime within a tick of its scan) leaves no stamp; the second does.
        Assert.Equal(0, AsdProcess.Run(store, RunArgs(copy, store)).ExitCode);
        Assert.Contains(FromStamp, AsdProcess.RunWith(Trace, store, RunArgs(copy, store)).Err);
        var train = Directory.GetFiles(Path.Combine(copy, "dev_data", "raw", "gearbox", "train")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new FileInfo(train[0]).Length, new FileInfo(train[1]).Length);
        Thread.Sleep(30); // past the file system's coarse clock tick
        return (copy, store, train, mtime);
    }

    [Fact]
    public void Run_MvSwapOfTwoEqualSizeClipsWithTheSameMtime_RehashesBothAndRerunsTheirShard()
    {
        var (copy, store, train, _) = Stamped("racy-swap");
        File.Move(train[0], train[0] + ".swap");
        File.Move(train[1], train[0]);
        File.Move(train[0] + ".swap", train[1]);

        var rerun = AsdProcess.RunWith(Trace, store, RunArgs(copy, store));

        Assert.True(rerun.ExitCode == 0, rerun.Err);
        Assert.DoesNotContain(FromStamp, rerun.Err);
        Assert.Equal(2, Hashed(rerun));
        Assert.Contains("decode/gearbox/00", Ran(rerun));
        Assert.DoesNotContain("decode/fan/00", Ran(rerun));
    }

    [Fact]
    public void Run_ClipReplacedWithItsMtimeRestored_RehashesItAndRerunsItsShard()
    {
        var (copy, store, train, mtime) = Stamped("racy-cp-p");
        File.Copy(train[1], train[0], overwrite: true); // cp -p: same size, the old mtime put back
        File.SetLastWriteTimeUtc(train[0], mtime);

        var rerun = AsdProcess.RunWith(Trace, store, RunArgs(copy, store));

        Assert.True(rerun.ExitCode == 0, rerun.Err);
        Assert.DoesNotContain(FromStamp, rerun.Err);
        Assert.Equal(1, Hashed(rerun));
        Assert.Contains("decode/gearbox/00", Ran(rerun));
    }

    [Fact]
    public void Run_Rehash_HashesEveryClipAndFindsEverythingUpToDate()
    {
        var store = RepoPaths.TempDir("racy-rehash");
        Assert.Equal(0, AsdProcess.Run(store, RunArgs(data.Root, store)).ExitCode);
        var clips = Directory.GetFiles(data.Root, "*.wav", SearchOption.AllDirectories).Length;

        var rehash = AsdProcess.RunWith(Trace, store, RunArgs(data.Root, store, "--rehash"));

        Assert.True(rehash.ExitCode == 0, rehash.Err);
        Assert.Equal(clips, Hashed(rehash));
        Assert.Contains("nothing to do: all 20 shard(s) up to date", rehash.Out);
        var plain = AsdProcess.RunWith(new Dictionary<string, string> { ["ASD_TRACE"] = "1", ["ASD_FULL_CHECK"] = "1" }, store, RunArgs(data.Root, store));
        Assert.Equal(0, Hashed(plain));
    }
}

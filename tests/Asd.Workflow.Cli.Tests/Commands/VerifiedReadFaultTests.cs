using System.Text.Json;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Store.Index;
using Asd.Workflow.Store.Objects;
using Asd.Workflow.Testing;
using LiteDB;

namespace Asd.Workflow.Cli.Tests.Commands;

/// <summary>
/// The tiny data set, a variant of tiny.yaml whose near encoder's n_mels is a variable (so a run can make the
/// embed stage read every decoded set again), and the outputs of clean runs to compare against.
/// </summary>
public sealed class CorruptionFixture
{
    public CorruptionFixture()
    {
        Data = new TinyDataSet().Root;
        Workflow = Path.Combine(RepoPaths.TempDir("verify-wf"), "tiny-mels.yaml");
        File.WriteAllText(Workflow, File.ReadAllText(AsdProcess.Workflow("tiny.yaml")).Replace("n_mels: 16, n_fft", "n_mels: \"${mels}\", n_fft"));
        Clean16 = CleanRun(16);
        Clean24 = CleanRun(24);
    }

    public string Data { get; }
    public string Workflow { get; }
    public string Clean16 { get; }
    public string Clean24 { get; }

    public string[] RunArgs(string store, int mels, string outDir, params string[] extra) =>
        ["run", Workflow, "--data", Data, "--set", "bad=fail", "--set", $"mels={mels}", "--store", store, "--out", outDir, "--jobs", "1", .. extra];

    private string CleanRun(int mels)
    {
        var store = RepoPaths.TempDir($"clean-{mels}");
        var result = AsdProcess.Run(store, RunArgs(store, mels, Path.Combine(store, "out")));
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Out + result.Err);
        return Path.Combine(store, "out");
    }
}

/// <summary>
/// Fault injection (issue 12 (c)): one flipped byte in a decoded set, a per-clip decode or embedding object or a score
/// table is detected by the next run that reads it, quarantined and recomputed; the run says so in one line and
/// its outputs are byte-identical to a clean run. <c>asd store verify</c> finds the flipped object first.
/// </summary>
public sealed class VerifiedReadFaultTests(CorruptionFixture fixture) : IClassFixture<CorruptionFixture>
{
    private static void Flip(string store, Digest digest)
    {
        var path = FileSystemArtifactStore.ObjectPath(store, digest);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x04;
        File.WriteAllBytes(path, bytes);
    }

    private static Digest Output(string store, string stage, string port)
    {
        using var index = new LiteDbRunIndex(Path.Combine(store, "index.db"));
        var record = index.Executions().Where(e => e.Stage == stage).OrderBy(e => e.Shard, StringComparer.Ordinal).First();
        return Digest.Parse(record.Outputs.Single(o => o.Port == port).Digest);
    }

    /// <summary>The first decode shard's decoded set (train split): the JSON list of clips embed stages read.</summary>
    private static Digest DecodedSet(string store) => Output(store, "decode", "train");

    /// <summary>A per-clip decode object (the clip's header facts, JSON): a memo value of the decode stage.</summary>
    private static Digest ClipFacts(string store) => MemoValues(store).First(IsJson(store));

    /// <summary>A per-clip embedding object: a memo value that is raw float32, not JSON.</summary>
    private static Digest Embedding(string store) => MemoValues(store).First(d => !IsJson(store)(d));

    private static List<Digest> MemoValues(string store)
    {
        using var db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(store, "index.db"), Connection = ConnectionType.Direct });
        return db.GetCollection("clip_memo").FindAll().Select(d => new Digest(d["v"].AsString)).OrderBy(d => d.Hex, StringComparer.Ordinal).ToList();
    }

    private static Func<Digest, bool> IsJson(string store) => d =>
    {
        var bytes = File.ReadAllBytes(FileSystemArtifactStore.ObjectPath(store, d));
        return bytes[0] == '{' && bytes[^1] == '}';
    };

    private static void AssertSameFiles(string expected, string actual)
    {
        var files = Directory.GetFiles(expected, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(expected, f)).Order().ToList();
        Assert.Equal(files, Directory.GetFiles(actual, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(actual, f)).Order());
        foreach (var f in files) Assert.True(File.ReadAllBytes(Path.Combine(expected, f)).SequenceEqual(File.ReadAllBytes(Path.Combine(actual, f))), f);
    }

    private static string[] CorruptLines(AsdProcess.Result r, Digest digest) =>
        (r.Out + r.Err).Split('\n').Where(l => l.Contains($"object {digest} is corrupt", StringComparison.Ordinal)).ToArray();

    /// <summary>Runs once, flips the object, checks store verify names it (exit 1), returns the store.</summary>
    private string Corrupted(Func<string, Digest> pick, out Digest digest)
    {
        var store = RepoPaths.TempDir("store-flip");
        var first = AsdProcess.Run(store, fixture.RunArgs(store, 16, Path.Combine(store, "out0")));
        Assert.True(first.ExitCode == 0, first.Out + first.Err);
        digest = pick(store);
        Flip(store, digest);
        var verify = AsdProcess.Run(store, "store", "verify", "--store", store);
        Assert.Equal(1, verify.ExitCode);
        Assert.StartsWith($"corrupt {digest} (", verify.Lines[0]);
        Assert.Matches(@"^verified \d+ object\(s\), [0-9.]+ MB: \d+ intact, 1 corrupt; run `asd store verify --repair`, then rerun the workflow$", verify.Lines[^1]);
        return store;
    }

    private static void AssertVerifyClean(string store)
    {
        var verify = AsdProcess.Run(store, "store", "verify", "--store", store, "--json");
        Assert.Equal(0, verify.ExitCode);
        var report = JsonDocument.Parse(verify.Out).RootElement;
        Assert.Equal(0, report.GetProperty("corrupt").GetArrayLength());
        Assert.True(report.GetProperty("objects").GetInt32() > 100);
    }

    [Fact]
    public void Run_FlippedDecodedSet_EmbedDetectsItDecodeRecomputesAndOutputsMatchACleanRun()
    {
        var store = Corrupted(DecodedSet, out var flipped);
        var run = AsdProcess.Run(store, fixture.RunArgs(store, 24, Path.Combine(store, "out"))); // new n_mels: embed reads every decoded set
        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        var line = Assert.Single(CorruptLines(run, flipped));
        Assert.Matches($@"^  note: near/[a-z]+/00: object {flipped} is corrupt \(its bytes hash to sha256:[0-9a-f]{{64}}\); quarantined to .*quarantine/{flipped.Hex}; its producer re-executes$", line);
        Assert.DoesNotContain("FAILED", run.Out);
        Assert.Matches(@"decode +[a-z]+/00 +ran", run.Out);
        Assert.True(File.Exists(Path.Combine(store, "quarantine", flipped.Hex)));
        AssertSameFiles(fixture.Clean24, Path.Combine(store, "out"));
        AssertVerifyClean(store);
    }

    [Fact]
    public void Run_FlippedClipFactsForcedDecode_DecodeMemoHitIsAMissAndOutputsMatchACleanRun()
    {
        var store = Corrupted(ClipFacts, out var flipped);
        var run = AsdProcess.Run(store, fixture.RunArgs(store, 16, Path.Combine(store, "out"), "--force", "decode"));
        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        var line = Assert.Single(CorruptLines(run, flipped));
        Assert.EndsWith("; recomputing it", line.TrimEnd());
        AssertSameFiles(fixture.Clean16, Path.Combine(store, "out"));
        AssertVerifyClean(store);
    }

    [Fact]
    public void Run_FlippedEmbeddingObject_MemoHitIsAMissAndOutputsMatchACleanRun()
    {
        var store = Corrupted(Embedding, out var vector);
        var run = AsdProcess.Run(store, fixture.RunArgs(store, 16, Path.Combine(store, "out"), "--force", "near"));
        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        var line = Assert.Single(CorruptLines(run, vector));
        Assert.EndsWith("; recomputing it", line.TrimEnd());
        Assert.True(File.Exists(Path.Combine(store, "quarantine", vector.Hex)));
        AssertSameFiles(fixture.Clean16, Path.Combine(store, "out"));
        AssertVerifyClean(store);
    }

    [Fact]
    public void Run_FlippedScoreTable_CalibrateDetectsItScoreRecomputesAndOutputsMatchACleanRun()
    {
        var store = Corrupted(s => Output(s, "knn", "test"), out var table);
        var run = AsdProcess.Run(store, fixture.RunArgs(store, 16, Path.Combine(store, "out"), "--force", "z"));
        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        Assert.StartsWith("  note: z/", Assert.Single(CorruptLines(run, table)));
        Assert.Matches(@"knn +[a-z]+/00 +ran", run.Out);
        AssertSameFiles(fixture.Clean16, Path.Combine(store, "out"));
        AssertVerifyClean(store);
    }

    [Fact]
    public void StoreVerifyRepair_FlippedDecodedSet_QuarantinedRecordsDroppedAndTheRerunMatchesACleanRun()
    {
        var store = Corrupted(DecodedSet, out var flipped);
        var repair = AsdProcess.Run(store, "store", "verify", "--repair", "--store", store);
        Assert.Equal(1, repair.ExitCode); // the store was damaged: say so even when repaired
        Assert.EndsWith($"quarantine/{flipped.Hex}", repair.Lines[0]);
        Assert.Matches(@": \d+ intact, 1 corrupt; quarantined 1, dropped [1-9]\d* index record\(s\)", repair.Lines[^1]);
        AssertVerifyClean(store);
        var rerun = AsdProcess.Run(store, fixture.RunArgs(store, 16, Path.Combine(store, "out")));
        Assert.True(rerun.ExitCode == 0, rerun.Out + rerun.Err);
        Assert.Matches(@"decode +[a-z]+/00 +ran", rerun.Out);
        Assert.Empty(CorruptLines(rerun, flipped));
        AssertSameFiles(fixture.Clean16, Path.Combine(store, "out"));
        AssertVerifyClean(store);
    }
}

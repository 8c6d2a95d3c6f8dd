using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Commands;

/// <summary>The run stamp: a plain no-op run is answered from it only while everything it saw still holds.</summary>
public sealed class RunStampTests(TinyDataSet data) : IClassFixture<TinyDataSet>
{
    private static readonly Dictionary<string, string> Trace = new() { ["ASD_TRACE"] = "1" };
    private const string FromStamp = "answered from the run stamp";
    private const string UpToDate = "nothing to do: all 20 shard(s) up to date";

    private static string[] RunArgs(string workflow, string dataRoot, string store) =>
        ["run", workflow, "--data", dataRoot, "--set", "bad=fail", "--store", store];

    [Fact]
    public void Run_NoOpAfterARun_IsAnsweredFromTheStamp_AndTheFullCheckAgrees()
    {
        var store = RepoPaths.TempDir("stamp-noop");
        var args = RunArgs(AsdProcess.Workflow("tiny.yaml"), data.Root, store);
        Assert.Equal(0, AsdProcess.Run(store, args).ExitCode);
        var fast = AsdProcess.RunWith(Trace, store, args);
        Assert.Equal(0, fast.ExitCode);
        Assert.Contains(FromStamp, fast.Err);
        Assert.Contains(UpToDate, fast.Out);
        var full = AsdProcess.RunWith(new Dictionary<string, string> { ["ASD_TRACE"] = "1", ["ASD_FULL_CHECK"] = "1" }, store, args);
        Assert.DoesNotContain(FromStamp, full.Err);
        Assert.Contains(UpToDate, full.Out);
    }

    [Fact]
    public void Run_StampedNoOpWithABrokenConfigFile_GoesToTheFullCheck_WhichReportsIt()
    {
        // asd.yaml may name a team cache whose uploads the full run would do, so the stamp answers only after reading it.
        var store = RepoPaths.TempDir("stamp-config");
        var args = RunArgs(AsdProcess.Workflow("tiny.yaml"), data.Root, store);
        Assert.Equal(0, AsdProcess.Run(store, args).ExitCode);
        Assert.Contains(FromStamp, AsdProcess.RunWith(Trace, store, args).Err);
        File.WriteAllText(Path.Combine(store, "asd.yaml"), "stoer: elsewhere\n"); // the working folder's asd.yaml (no repository above it)
        var fast = AsdProcess.RunWith(Trace, store, args);
        Assert.Equal(2, fast.ExitCode);
        Assert.DoesNotContain(FromStamp, fast.Err);
        Assert.Contains("asd.yaml:1:1: unknown key", fast.Err);
    }

    [Fact]
    public void Run_WorkflowOptionEdited_IsNotAnsweredFromTheStamp_AndRerunsTheStage()
    {
        var store = RepoPaths.TempDir("stamp-edit");
        var workflow = Path.Combine(store, "tiny.yaml");
        File.Copy(AsdProcess.Workflow("tiny.yaml"), workflow);
        Assert.Equal(0, AsdProcess.Run(store, RunArgs(workflow, data.Root, store)).ExitCode);
        var mtime = File.GetLastWriteTimeUtc(workflow);
        // Same length, same mtime: only the bytes tell.
        File.WriteAllText(workflow, File.ReadAllText(workflow).Replace("{ method: knn, k: 1, folds: 3 } }\n  knn_far", "{ method: knn, k: 2, folds: 3 } }\n  knn_far"));
        File.SetLastWriteTimeUtc(workflow, mtime);
        var rerun = AsdProcess.RunWith(Trace, store, RunArgs(workflow, data.Root, store));
        Assert.Equal(0, rerun.ExitCode);
        Assert.DoesNotContain(FromStamp, rerun.Err);
        Assert.DoesNotContain("nothing to do", rerun.Out);
        Assert.Contains(FromStamp, AsdProcess.RunWith(Trace, store, RunArgs(workflow, data.Root, store)).Err); // a fresh stamp
    }

    [Fact]
    public void Run_OutputObjectDeleted_IsNotAnsweredFromTheStamp_AndRecomputesIt()
    {
        var store = RepoPaths.TempDir("stamp-gone");
        var args = RunArgs(AsdProcess.Workflow("tiny.yaml"), data.Root, store);
        Assert.Equal(0, AsdProcess.Run(store, args).ExitCode);
        var stamp = Directory.GetFiles(Path.Combine(store, "stamps")).Single();
        var digest = File.ReadAllLines(stamp).First(l => l.StartsWith("output ", StringComparison.Ordinal))["output ".Length..];
        var hex = digest["sha256:".Length..];
        File.Delete(Path.Combine(store, "objects", "sha256", hex[..2], hex));
        var rerun = AsdProcess.RunWith(Trace, store, args);
        Assert.Equal(0, rerun.ExitCode);
        Assert.DoesNotContain(FromStamp, rerun.Err);
        Assert.Contains("ran ", rerun.Out);
        Assert.True(File.Exists(Path.Combine(store, "objects", "sha256", hex[..2], hex)));
    }

    [Fact]
    public void Run_ClipReplaced_IsNotAnsweredFromTheStamp()
    {
        var copy = data.Copy();
        var store = RepoPaths.TempDir("stamp-clip");
        var args = RunArgs(AsdProcess.Workflow("tiny.yaml"), copy, store);
        Assert.Equal(0, AsdProcess.Run(store, args).ExitCode);
        var train = Directory.GetFiles(Path.Combine(copy, "dev_data", "raw", "fan", "train")).Order(StringComparer.Ordinal).ToList();
        File.Copy(train[1], train[0], overwrite: true);
        var rerun = AsdProcess.RunWith(Trace, store, args);
        Assert.Equal(0, rerun.ExitCode);
        Assert.DoesNotContain(FromStamp, rerun.Err);
        Assert.Contains("ran ", rerun.Out);
    }

    [Fact]
    public void Run_WorkflowWithAnOnnxStage_IsStampedWithItsFacts_AndAnsweredFromTheStamp()
    {
        var store = RepoPaths.TempDir("stamp-onnx");
        var workflow = Path.Combine(store, "onnx.yaml");
        File.WriteAllText(workflow, """
            name: onnx
            dataset: ${data}
            stages:
              decode: { uses: decode }
              wide: { uses: embed, needs: [decode], with: { encoder: logmel-onnx, n_mels: 16, n_fft: 512, hop: 256, device: auto } }
            """);
        var args = new[] { "run", workflow, "--data", data.Root, "--store", store };
        var first = AsdProcess.Run(store, args);
        Assert.True(first.ExitCode == 0, first.Err);
        var lines = File.ReadAllLines(Directory.GetFiles(Path.Combine(store, "stamps")).Single());
        Assert.Contains("fact 0 provider cpu", lines); // the test machine has no CUDA libraries
        Assert.Contains("fact 0 device auto", lines);
        Assert.Contains(lines, l => l.StartsWith("file ", StringComparison.Ordinal) && l.EndsWith(".onnx", StringComparison.Ordinal));
        var fast = AsdProcess.RunWith(Trace, store, args);
        Assert.Contains(FromStamp, fast.Err);
        Assert.Contains("nothing to do: all 4 shard(s) up to date", fast.Out);
    }

    [Fact]
    public void Run_StampedFactNoLongerTrue_IsNotAnsweredFromTheStamp()
    {
        var store = RepoPaths.TempDir("stamp-fact");
        var args = RunArgs(AsdProcess.Workflow("tiny.yaml"), data.Root, store);
        Assert.Equal(0, AsdProcess.Run(store, args).ExitCode);
        var stamp = Directory.GetFiles(Path.Combine(store, "stamps")).Single();
        // As if the stamp had been written on a machine of another CPU class (or under DOTNET_EnableAVX2=0).
        File.WriteAllLines(stamp, File.ReadAllLines(stamp).Select(l => l.StartsWith("fact 0 cpu ", StringComparison.Ordinal) ? "fact 0 cpu x64-other" : l));
        var rerun = AsdProcess.RunWith(Trace, store, args);
        Assert.Equal(0, rerun.ExitCode);
        Assert.DoesNotContain(FromStamp, rerun.Err);
        Assert.Contains("environment facts re-resolved", AsdProcess.RunWith(Trace, store, args).Err); // the full check wrote a fresh stamp
    }
}

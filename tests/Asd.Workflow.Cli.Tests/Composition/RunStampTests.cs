using Asd.Workflow.Cli.Composition;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Composition;

/// <summary>The run stamp records what the run loaded at its start; anything changed since then does not hold.</summary>
public sealed class RunStampTests
{
    private readonly string _dir = RepoPaths.TempDir("stamp-unit");

    private RunStamp Stamp(IReadOnlyList<StampedFile> files, params IReadOnlyDictionary<string, string>[] facts) =>
        new("wf", 1, _dir, "fingerprint", files, []) { Facts = facts };

    private static StampedFile LoadedNow(string path) => StampedFile.Loaded(StampedFile.Stat(path), File.ReadAllBytes(path));

    [Fact]
    public void StillHolds_WorkflowEditedBetweenLoadAndEndOfRun_DoesNotHold()
    {
        var workflow = Path.Combine(_dir, "wf.yaml");
        File.WriteAllText(workflow, "stages: { a: { uses: score, with: { k: 1 } } }\n");
        var loaded = LoadedNow(workflow); // at load time
        var mtime = File.GetLastWriteTimeUtc(workflow);
        File.WriteAllText(workflow, "stages: { a: { uses: score, with: { k: 2 } } }\n"); // edited while the run goes on
        File.SetLastWriteTimeUtc(workflow, mtime); // same size, same mtime: only the bytes tell
        var stamp = Stamp([loaded]); // written at the end of the run, from what was loaded
        Assert.False(stamp.StillHolds(_dir, "fingerprint"));
    }

    [Fact]
    public void StillHolds_WorkflowUnchangedSinceLoad_Holds()
    {
        var workflow = Path.Combine(_dir, "wf.yaml");
        File.WriteAllText(workflow, "stages: {}\n");
        Assert.True(Stamp([LoadedNow(workflow)]).StillHolds(_dir, "fingerprint"));
        Assert.False(Stamp([LoadedNow(workflow)]).StillHolds(_dir, "other fingerprint"));
    }

    [Fact]
    public void StillHolds_AssemblyRebuiltDuringTheRun_DoesNotHold()
    {
        var dll = Path.Combine(_dir, "Asd.Workflow.Core.dll");
        File.WriteAllBytes(dll, [1, 2, 3]);
        var atStartUp = StampedFile.Stat(dll);
        File.WriteAllBytes(dll, [1, 2, 3, 4]); // rebuilt before the run ended
        Assert.False(Stamp([atStartUp]).StillHolds(_dir, "fingerprint"));
    }

    [Fact]
    public void FactsHold_EachFactAsResolvedNow_Holds_AndAnyOtherValueOrUnknownFactDoesNot()
    {
        var current = new Dictionary<string, string>
        {
            ["cpu"] = MachineFacts.CpuClass, ["runtime"] = MachineFacts.RuntimeVersion,
            ["device"] = "cpu", ["provider"] = "cpu", ["intra_op_threads"] = "1",
        };
        Assert.True(Stamp([], current).FactsHold());
        foreach (var name in current.Keys)
            Assert.False(Stamp([], new Dictionary<string, string>(current) { [name] = "other" }).FactsHold(), $"a changed {name} still holds");
        Assert.False(Stamp([], new Dictionary<string, string> { ["gpu"] = "h100" }).FactsHold());
    }

    [Fact]
    public void Write_ThenRead_KeepsFactsPerStageAndFiles()
    {
        var path = Path.Combine(_dir, "stamps", "x.stamp");
        var facts = new Dictionary<string, string> { ["cpu"] = "x64-avx2-fma", ["runtime"] = "10.0.0" };
        var onnx = new Dictionary<string, string> { ["device"] = "auto", ["provider"] = "cpu", ["onnxruntime"] = "1.31.0" };
        Stamp([new StampedFile("/a b/model.onnx", 12, 34, null)], facts, onnx).Write(path);
        var read = RunStamp.Read(path)!;
        Assert.Equal(2, read.Facts.Count);
        Assert.Equal(facts, read.Facts[0]);
        Assert.Equal(onnx, read.Facts[1]);
        Assert.Equal("/a b/model.onnx", Assert.Single(read.Files).Path);
    }
}

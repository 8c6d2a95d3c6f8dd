using Asd.Workflow.Core.Paths;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Commands;

/// <summary>Names are checked at load, and <c>--out</c> never deletes or writes into a folder asd did not create.</summary>
public sealed class OutFolderTests(TinyDataSet data) : IClassFixture<TinyDataSet>
{
    private string[] RunArgs(string workflow, params string[] extra) =>
        ["run", workflow, "--data", data.Root, "--set", "bad=fail", "--store", "store", .. extra];

    private static string UserFolder(string parent, string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(parent, name)).FullName;
        File.WriteAllText(Path.Combine(folder, "chapter1.tex"), "my thesis");
        return folder;
    }

    private static void AssertUntouched(string folder)
    {
        Assert.Equal(["chapter1.tex"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
        Assert.Equal("my thesis", File.ReadAllText(Path.Combine(folder, "chapter1.tex")));
    }

    [Fact]
    public void Run_StageNamedDotDotOrAbsolute_ExitsTwoWithFileLineColumn()
    {
        var dir = RepoPaths.TempDir("names");
        var wf = Path.Combine(dir, "escape.yaml");
        File.WriteAllText(wf, "name: escape\ndataset: ${data}\nstages:\n  ../x: { uses: decode }\n  /tmp/x: { uses: decode }\n");
        var result = AsdProcess.Run(dir, RunArgs(wf, "--out", "out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{wf}:4:3: stage name '../x' is not a valid name (allowed: a letter, then letters, digits, '_' or '-'", result.Err);
        Assert.Contains($"{wf}:5:3: stage name '/tmp/x' is not a valid name", result.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void Run_PackageFolderNameAndFuseWeightThatEscape_ExitsTwoWithFileLineColumn()
    {
        var dir = RepoPaths.TempDir("names");
        var wf = Path.Combine(dir, "escape.yaml");
        File.WriteAllText(wf, """
            name: escape
            dataset: ${data}
            stages:
              near:   { uses: embed }
              knn:    { uses: score, needs: [near] }
              z:      { uses: calibrate, needs: [knn] }
              system: { uses: fuse, needs: [z], with: { weights: { ../z: 1.0 } } }
              package: { uses: package, needs: [system], with: { names: { system: ../../x } } }
            """);
        var result = AsdProcess.Run(dir, RunArgs(wf));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{wf}:7:56: option 'weights' key '../z' is not a valid name", result.Err);
        Assert.Contains($"{wf}:8:71: option 'names.system' value '../../x' is not a valid name", result.Err);
    }

    [Fact]
    public void Run_OutFolderNotWrittenByAsd_RefusedBeforeTheRunAndUntouched()
    {
        var dir = RepoPaths.TempDir("out-user");
        var thesis = UserFolder(dir, "thesis");
        var result = AsdProcess.Run(dir, RunArgs(AsdProcess.Workflow("tiny.yaml"), "--out", "thesis"));
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"asd: {thesis} exists and was not written by asd; remove it or choose another --out", result.Err.Trim());
        Assert.Equal("", result.Out);
        AssertUntouched(thesis);
    }

    [Fact]
    public void Run_OutStageFolderWithoutMarker_RefusedAndUntouched()
    {
        var dir = RepoPaths.TempDir("out-stage");
        Assert.Equal(0, AsdProcess.Run(dir, RunArgs(AsdProcess.Workflow("tiny.yaml"), "--out", "out")).ExitCode);
        Assert.True(File.Exists(Path.Combine(dir, "out", OwnedFolder.MarkerName)));
        var package = Path.Combine(dir, "out", "package");
        Directory.Delete(package, recursive: true);
        UserFolder(Path.Combine(dir, "out"), "package");

        var result = AsdProcess.Run(dir, RunArgs(AsdProcess.Workflow("tiny.yaml"), "--out", "out"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"asd: {package} exists and was not written by asd; remove it or choose another --out", result.Err.Trim());
        AssertUntouched(package);
    }

    [Fact]
    public void Run_OutWrittenByAsdBefore_ReplacedAgain()
    {
        var dir = RepoPaths.TempDir("out-again");
        Assert.Equal(0, AsdProcess.Run(dir, RunArgs(AsdProcess.Workflow("tiny.yaml"), "--out", "out")).ExitCode);
        var stale = Path.Combine(dir, "out", "package", "system", "stale.csv");
        File.WriteAllText(stale, "left from an older run");
        var again = AsdProcess.Run(dir, RunArgs(AsdProcess.Workflow("tiny.yaml"), "--out", "out"));
        Assert.True(again.ExitCode == 0, again.Err);
        Assert.False(File.Exists(stale));
        Assert.Equal(5, Directory.GetFiles(Path.Combine(dir, "out", "package"), "*", SearchOption.AllDirectories).Length); // marker + 2 shards × 2 CSVs
    }

    [Fact]
    public void Demo_OutNonEmptyWithoutMarker_RefusedBeforeSynthAndUntouched()
    {
        var dir = RepoPaths.TempDir("demo-user");
        var thesis = UserFolder(dir, "thesis");
        var result = AsdProcess.Run(dir, "demo", "--out", "thesis", "--store", "store");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"asd: {thesis} exists and was not written by asd; remove it or choose another --out", result.Err.Trim());
        Assert.DoesNotContain("synthetic data set", result.Out);
        AssertUntouched(thesis);
        Assert.False(Directory.Exists(Path.Combine(dir, "store")));
    }
}

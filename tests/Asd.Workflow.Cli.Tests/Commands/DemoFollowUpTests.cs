using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Commands;

/// <summary>Each demo keeps its own folder and manifest, and the commands it prints at the end work as printed.</summary>
public sealed class DemoFollowUpTests(TinyDataSet data) : IClassFixture<TinyDataSet>
{
    private static string[] Demo(string dataRoot, string output, string store) =>
        ["demo", "--data", dataRoot, "--workflow", AsdProcess.Workflow("tiny-demo.yaml"), "--out", output, "--store", store];

    /// <summary>The printed "asd …" commands after "next:", split as a POSIX shell would (single quotes, # comments).</summary>
    private static List<string[]> FollowUps(AsdProcess.Result demo) =>
        demo.Lines.SkipWhile(l => l != "next:").Skip(1).Select(l => Words(l.Trim())).ToList();

    private static string[] Words(string line)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in line)
        {
            if (c == '\'') { quoted = !quoted; any = true; continue; }
            if (!quoted && c == '#') break;
            if (!quoted && c == ' ') { if (any) words.Add(word.ToString()); word.Clear(); any = false; continue; }
            word.Append(c);
            any = true;
        }
        if (any) words.Add(word.ToString());
        return [.. words];
    }

    [Fact]
    public void Demo_TwoDemos_EachKeepsItsManifestAndPrintedCommandsWork()
    {
        var dir = RepoPaths.TempDir("demo-follow");
        var first = AsdProcess.Run(dir, Demo(data.Root, "one", "store one"));
        Assert.True(first.ExitCode == 0, first.Out + first.Err);
        var tail = first.Lines.SkipWhile(l => !l.StartsWith("done.", StringComparison.Ordinal)).ToList();
        Assert.Contains($"  report    {Path.Combine("one", "report.html")} (open in a browser)", tail);
        Assert.Contains($"            {Path.Combine("one", "report.md")}", tail);
        Assert.Contains($"  package   {Path.Combine("one", "package")}", tail);
        Assert.Contains($"  manifest  {Path.Combine("one", "manifest.json")}", tail);

        var second = AsdProcess.Run(dir, Demo(data.Root, "two", "store-two"));
        Assert.True(second.ExitCode == 0, second.Out + second.Err);
        Assert.True(File.Exists(Path.Combine(dir, "two", "manifest.json")));
        Assert.False(Directory.Exists(Path.Combine(dir, "manifests"))); // nothing shared between demos

        // The first demo's printed commands still work after the second (other folder, other store).
        var commands = FollowUps(first);
        Assert.Equal(["validate", "verify", "audit", "recompute", "demo"], commands.Select(c => c[1]));
        Assert.All(commands, c => Assert.Equal("asd", c[0]));
        Assert.Contains("store one", commands[1]); // quoted, and given back to the shell as one word
        foreach (var command in commands)
        {
            var result = AsdProcess.Run(dir, command[1..]);
            Assert.True(result.ExitCode == 0, $"{string.Join(' ', command)}: {result.Out}{result.Err}");
            if (command[1] == "recompute") Assert.Contains(result.Lines, l => l.StartsWith("[20/20] ", StringComparison.Ordinal)); // progress, piped
            if (command[1] == "demo") Assert.Contains("nothing to do", result.Out); // the demo again reruns nothing
        }
    }

    [Fact]
    public void Demo_AnotherDataSetIntoTheSameFolder_RefusedBeforeAnythingIsWritten()
    {
        var dir = RepoPaths.TempDir("demo-mix");
        Assert.Equal(0, AsdProcess.Run(dir, Demo(data.Root, "out", "store")).ExitCode);
        var report = File.ReadAllBytes(Path.Combine(dir, "out", "report.md"));
        var other = data.Copy();
        var mixed = AsdProcess.Run(dir, Demo(other, "out", "store"));
        Assert.Equal(2, mixed.ExitCode);
        Assert.Equal($"asd: out holds the demo of {data.Root}; choose another --out for this one (or remove out)", mixed.Err.Trim());
        Assert.Equal(report, File.ReadAllBytes(Path.Combine(dir, "out", "report.md")));
        var otherStore = AsdProcess.Run(dir, Demo(data.Root, "out", "store2"));
        Assert.Equal(2, otherStore.ExitCode);
        Assert.Contains("holds the demo kept in the store", otherStore.Err);
    }
}

using System.Diagnostics;
using System.Text.Json;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Commands;

public sealed class RunCommandTests(TinyDataSet data) : IClassFixture<TinyDataSet>
{
    private string[] RunArgs(string store, string? dataRoot = null, string bad = "fail", params string[] extra) =>
        ["run", AsdProcess.Workflow("tiny.yaml"), "--data", dataRoot ?? data.Root, "--set", $"bad={bad}", "--store", store, .. extra];

    private static List<JsonElement> Events(AsdProcess.Result r) => r.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();

    [Fact]
    public void Run_SecondIdenticalRun_EveryShardCached()
    {
        var store = RepoPaths.TempDir("store");
        var first = AsdProcess.Run(store, RunArgs(store, extra: "--json"));
        Assert.True(first.ExitCode == 0, first.Err);
        var second = AsdProcess.Run(store, RunArgs(store, extra: "--json"));
        var events = Events(second);
        var summary = events.Last();
        Assert.Equal("summary", summary.GetProperty("event").GetString());
        Assert.Equal(0, summary.GetProperty("ran").GetInt32());
        Assert.Equal(20, summary.GetProperty("cached").GetInt32()); // 9 per-shard stages × 2 shards + 2 whole-set
        var stage = events.First(e => e.GetProperty("event").GetString() == "stage");
        Assert.Equal("cached", stage.GetProperty("status").GetString());
        Assert.StartsWith("sha256:", stage.GetProperty("key").GetString());
        Assert.True(stage.TryGetProperty("ms", out _));
        Assert.Contains("nothing to do: all 20 shard(s) up to date", AsdProcess.Run(store, RunArgs(store)).Out);
    }

    [Fact]
    public void Run_Jobs1AndJobs4_GiveByteIdenticalArtifacts()
    {
        var one = RepoPaths.TempDir("store-j1");
        var four = RepoPaths.TempDir("store-j4");
        var a = AsdProcess.Run(one, RunArgs(one, extra: ["--json", "--jobs", "1", "--out", Path.Combine(one, "out")]));
        var b = AsdProcess.Run(four, RunArgs(four, extra: ["--json", "--jobs", "4", "--out", Path.Combine(four, "out")]));
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(0, b.ExitCode);
        // A cache key covers every input digest, so equal keys for every shard mean equal artifacts all the way down.
        static List<string> Keys(AsdProcess.Result r) => Events(r).Where(e => e.GetProperty("event").GetString() == "stage")
            .Select(e => $"{e.GetProperty("stage")}/{e.GetProperty("shard")}={e.GetProperty("key")}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Keys(a), Keys(b));
        var files = Directory.GetFiles(Path.Combine(one, "out"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Path.Combine(one, "out"), f))
            .Where(f => Path.GetFileName(f) != Core.Paths.OwnedFolder.MarkerName).Order().ToList();
        Assert.Equal(6, files.Count); // report.md, report.html, 2 shards × (scores, decisions)
        foreach (var f in files) Assert.Equal(File.ReadAllBytes(Path.Combine(one, "out", f)), File.ReadAllBytes(Path.Combine(four, "out", f)));
        var html = File.ReadAllText(Path.Combine(one, "out", "report.html")); // the page names its run; no manifest before a freeze
        Assert.Contains("<dt>workflow</dt><dd>tiny (", html, StringComparison.Ordinal);
        Assert.Contains("<dt>manifest</dt><dd>not frozen", html, StringComparison.Ordinal);
        Assert.Contains("<table id=\"hardest-table\">", html, StringComparison.Ordinal);
        Assert.Contains("## Candidate comparison", File.ReadAllText(Path.Combine(one, "out", "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ChildKilledMidRun_RerunKeepsFinishedShardsAndTheStoreIsConsistent()
    {
        var dataRoot = RepoPaths.TempDir("kill-data");
        Assert.Equal(0, AsdProcess.Run(dataRoot, "synth", "--out", dataRoot, "--machines", "3", "--train-source", "40", "--train-target", "3", "--test-per-cell", "6", "--seconds", "3").ExitCode);
        var store = RepoPaths.TempDir("store-kill");
        var finished = new List<string>();
        using (var process = Process.Start(AsdProcess.StartInfo(store, RunArgs(store, dataRoot, extra: ["--json", "--jobs", "1"])))!)
        {
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null)
            {
                var e = JsonDocument.Parse(line).RootElement;
                if (e.GetProperty("event").GetString() != "stage" || e.GetProperty("status").GetString() != "ran") continue;
                finished.Add($"{e.GetProperty("stage")}/{e.GetProperty("shard")}");
                if (finished.Count == 2) { process.Kill(entireProcessTree: true); break; }
            }
            process.WaitForExit();
            Assert.NotEqual(0, process.ExitCode);
        }
        var rerun = AsdProcess.Run(store, RunArgs(store, dataRoot, extra: "--json"));
        Assert.True(rerun.ExitCode == 0, rerun.Err);
        var events = Events(rerun).Where(e => e.GetProperty("event").GetString() == "stage").ToDictionary(e => $"{e.GetProperty("stage")}/{e.GetProperty("shard")}", e => e.GetProperty("status").GetString());
        Assert.All(finished, f => Assert.Equal("cached", events[f]));
        Assert.Contains("ran", events.Values);
        Assert.Empty(Directory.GetFiles(Path.Combine(store, "tmp")));
        var verify = AsdProcess.Run(store, RunArgs(store, dataRoot, extra: "--json"));
        Assert.Equal(0, Events(verify).Last().GetProperty("ran").GetInt32());
    }

    [Fact]
    public async Task Run_TwoConcurrentRunsOnOneStore_BothFinishWithTheSameResult()
    {
        var store = RepoPaths.TempDir("store-concurrent");
        var first = Task.Run(() => AsdProcess.Run(store, RunArgs(store, extra: ["--json", "--out", Path.Combine(store, "a")])));
        var second = Task.Run(() => AsdProcess.Run(store, RunArgs(store, extra: ["--json", "--out", Path.Combine(store, "b")])));
        var results = await Task.WhenAll(first, second);
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Err));
        Assert.Equal(20, results.Sum(r => Events(r).Last().GetProperty("ran").GetInt32())); // one ran it all, the other found it cached
        Assert.Equal(File.ReadAllText(Path.Combine(store, "a", "report.md")), File.ReadAllText(Path.Combine(store, "b", "report.md")));
    }

    [Fact]
    public void Run_BadWorkflow_ExitsTwoWithPositionsAndWritesNoObject()
    {
        var dir = RepoPaths.TempDir("bad-wf");
        var wf = Path.Combine(dir, "bad.yaml");
        File.WriteAllText(wf, "name: bad\ndataset: ${data}\nstages:\n  a: { uses: embed, with: { n_mels: many } }\n  b: { uses: score, needs: [a, nowhere] }\n");
        var result = AsdProcess.Run(dir, "run", wf, "--data", data.Root, "--store", Path.Combine(dir, "store"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{wf}:4:37: option 'n_mels' must be an integer, got 'many'", result.Err);
        Assert.Contains($"{wf}:5:3: stage 'b' needs 'nowhere', which names no stage", result.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "store", "objects", "sha256")) && Directory.EnumerateFileSystemEntries(Path.Combine(dir, "store", "objects", "sha256")).Any());
    }

    [Fact]
    public void Run_CorruptClip_FailsNamingIt_OrIsSkippedAndListedWhenTheWorkflowSaysSo()
    {
        var copy = data.Copy();
        var clip = Directory.GetFiles(Path.Combine(copy, "dev_data", "raw", "fan", "test")).Order(StringComparer.Ordinal).First();
        File.WriteAllBytes(clip, File.ReadAllBytes(clip)[..100]);
        var store = RepoPaths.TempDir("store-bad");
        var failed = AsdProcess.Run(store, RunArgs(store, copy, "fail"));
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains($"{clip}: is truncated", failed.Out);
        var skipped = AsdProcess.Run(store, RunArgs(store, copy, "skip", "--out", Path.Combine(store, "out")));
        Assert.True(skipped.ExitCode == 0, skipped.Out + skipped.Err);
        Assert.Contains($"decode/fan/00: skipped {clip}: is truncated", skipped.Out);
        Assert.Contains("report/*: system/fan/00: 1 test clip(s) have no score (skipped by decode); evaluated on the other 15", skipped.Out);
    }

    [Fact]
    public void Status_AfterAnOptionChange_NamesTheOptionAndOnlyDownstreamShards()
    {
        var store = RepoPaths.TempDir("store-status");
        Assert.Equal(0, AsdProcess.Run(store, RunArgs(store)).ExitCode);
        var changed = Path.Combine(store, "tiny.yaml");
        File.WriteAllText(changed, File.ReadAllText(AsdProcess.Workflow("tiny.yaml")).Replace("{ method: knn, k: 1, folds: 3 } }\n  knn_far", "{ method: knn, k: 2, folds: 3 } }\n  knn_far"));
        var status = AsdProcess.Run(store, "status", changed, "--data", data.Root, "--set", "bad=fail", "--store", store);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains(status.Lines, l => l.StartsWith("knn ") && l.Contains("would run: option 'k' changed from 1 to 2"));
        Assert.Contains(status.Lines, l => l.StartsWith("near ") && l.Contains("up to date"));
        Assert.Contains("10 up to date, 10 would run", status.Out);
    }

    [Fact]
    public void Run_OneClipReplaced_RescansAndRerunsOnlyThatShardsChain()
    {
        var copy = data.Copy();
        var store = RepoPaths.TempDir("store-change");
        Assert.Equal(0, AsdProcess.Run(store, RunArgs(store, copy)).ExitCode);
        var train = Directory.GetFiles(Path.Combine(copy, "dev_data", "raw", "gearbox", "train")).Order(StringComparer.Ordinal).ToList();
        File.Copy(train[1], train[0], overwrite: true); // new content under an old name
        File.SetLastWriteTimeUtc(train[0], DateTime.UtcNow.AddMinutes(1));
        var rerun = AsdProcess.Run(store, RunArgs(store, copy, extra: "--json"));
        Assert.True(rerun.ExitCode == 0, rerun.Err);
        var ran = Events(rerun).Where(e => e.GetProperty("event").GetString() == "stage" && e.GetProperty("status").GetString() == "ran")
            .Select(e => $"{e.GetProperty("stage")}/{e.GetProperty("shard")}").ToList();
        Assert.Contains("decode/gearbox/00", ran);
        Assert.DoesNotContain("decode/fan/00", ran);
    }

    [Fact]
    public void Run_BadInputRaisedInsideAnActivity_ExitsTwoAndNamesTheCode()
    {
        var store = RepoPaths.TempDir("bad-view");
        var workflow = Path.Combine(store, "bad-view.yaml");
        File.WriteAllText(workflow, """
            name: bad_view
            dataset: ${data}
            stages:
              decode: { uses: decode, with: { views: [near] } }
              far: { uses: embed, needs: [decode], with: { view: far } }
            """);
        var result = AsdProcess.Run(store, "run", workflow, "--data", data.Root, "--store", store, "--json");
        Assert.Equal(2, result.ExitCode);
        var failed = Events(result).Where(e => e.GetProperty("event").GetString() == "stage" && e.GetProperty("status").GetString() == "failed").ToList();
        Assert.Equal(2, failed.Count); // one per shard
        Assert.All(failed, e => Assert.Equal("BadInput", e.GetProperty("code").GetString()));
        Assert.All(failed, e => Assert.Contains("which its decode stage does not produce", e.GetProperty("error").GetString()));
    }
}

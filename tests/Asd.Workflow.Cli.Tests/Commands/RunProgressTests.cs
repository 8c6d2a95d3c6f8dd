using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Commands;

/// <summary>What a run says while it works: counters, clip progress, --quiet/--verbose, notices once, Ctrl-C.</summary>
public sealed partial class RunProgressTests(TinyDataSet data) : IClassFixture<TinyDataSet>
{
    private string[] RunArgs(string dataRoot, params string[] extra) =>
        ["run", AsdProcess.Workflow("tiny.yaml"), "--data", dataRoot, "--set", "bad=fail", "--store", "store", .. extra];

    private static List<JsonElement> Events(AsdProcess.Result r, string kind) =>
        r.Lines.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("event").GetString() == kind).ToList();

    [GeneratedRegex(@"^\[ ?(\d+)/20\] ")]
    private static partial Regex Counter();

    [Fact]
    public void Run_Piped_EachLineCarriesTheRunCounter()
    {
        var dir = RepoPaths.TempDir("counter");
        var result = AsdProcess.Run(dir, RunArgs(data.Root));
        Assert.True(result.ExitCode == 0, result.Err);
        var counted = result.Lines.Select(l => Counter().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(Enumerable.Range(1, 20), counted);
        Assert.Equal("ran 20, cached 0, failed 0", result.Lines[^1]);
    }

    [Fact]
    public void Run_QuietThenVerbose_SummaryOnlyThenEveryShard()
    {
        var dir = RepoPaths.TempDir("quiet");
        var quiet = AsdProcess.Run(dir, RunArgs(data.Root, "--quiet"));
        Assert.True(quiet.ExitCode == 0, quiet.Err);
        Assert.Equal(["ran 20, cached 0, failed 0"], quiet.Lines);
        var verbose = AsdProcess.RunWith(new Dictionary<string, string> { ["ASD_FULL_CHECK"] = "1" }, dir, RunArgs(data.Root, "--verbose"));
        Assert.Equal(20, verbose.Lines.Count(l => Counter().IsMatch(l) && l.EndsWith("cached", StringComparison.Ordinal))); // cached shards shown too
        Assert.Equal("nothing to do: all 20 shard(s) up to date", verbose.Lines[^1]);
    }

    [Fact]
    public void Run_Json_ClipProgressOfDecodeEmbedAndScoreShards()
    {
        var dir = RepoPaths.TempDir("json-progress");
        var result = AsdProcess.RunWith(new Dictionary<string, string> { ["ASD_PROGRESS_INTERVAL_MS"] = "0" }, dir, RunArgs(data.Root, "--json"));
        Assert.True(result.ExitCode == 0, result.Err);
        var progress = Events(result, "progress");
        // 12 + 3 train and 2 domains × 2 labels × 4 test clips per shard: 31 clips, counted to the end by each kind of stage.
        foreach (var stage in new[] { "decode", "near", "knn" })
        {
            var shard = progress.Where(e => e.GetProperty("stage").GetString() == stage && e.GetProperty("shard").GetString() == "fan/00").ToList();
            Assert.NotEmpty(shard);
            Assert.All(shard, e => Assert.Equal(20, e.GetProperty("shards_total").GetInt32()));
            Assert.All(shard, e => Assert.Equal(31, e.GetProperty("clips_total").GetInt32())); // every clip of the shard, from its first report (train and test alike)
            Assert.Equal(31, shard.Max(e => e.GetProperty("clips_done").GetInt32()));
            Assert.Contains(shard, e => e.GetProperty("clips_per_s").GetDouble() > 0 && e.GetProperty("eta_s").ValueKind == JsonValueKind.Number);
        }
        var stages = Events(result, "stage");
        Assert.Equal(Enumerable.Range(1, 20), stages.Select(e => e.GetProperty("done").GetInt32()));
        Assert.All(stages, e => Assert.Equal(20, e.GetProperty("total").GetInt32()));
    }

    [Fact]
    public void Run_MonoData_FallbackNoticeOncePerRun()
    {
        var mono = RepoPaths.TempDir("mono-data");
        Assert.Equal(0, AsdProcess.Run(mono, "synth", "--out", mono, "--machines", "2", "--train-source", "6", "--train-target", "2", "--test-per-cell", "2", "--seconds", "1", "--channels", "1").ExitCode);
        var result = AsdProcess.Run(RepoPaths.TempDir("mono"), RunArgs(mono, "--json"));
        Assert.True(result.ExitCode == 0, result.Err);
        var notices = Events(result, "notice").Select(e => e.GetProperty("message").GetString()!).Where(m => m.Contains("mono clips", StringComparison.Ordinal)).ToList();
        Assert.Equal(["decode: mono clips: views needing channel 1 fall back to near"], notices); // two shards fell back: one line
    }

    [Fact]
    public void Run_OnnxStage_CudaNoticeOnlyWhenItRunsAndWithin80Columns()
    {
        var dir = RepoPaths.TempDir("cuda-notice");
        string[] args = ["run", AsdProcess.Workflow("tiny-onnx.yaml"), "--data", data.Root, "--store", "store"];
        var first = AsdProcess.Run(dir, args);
        Assert.True(first.ExitCode == 0, first.Err);
        var notes = (first.Out + first.Err).Split('\n').Where(l => l.Contains("CUDA", StringComparison.Ordinal)).ToList();
        if (Models.Onnx.ExecutionProviders.WhyNoCuda is null) Assert.Empty(notes); // a machine with CUDA: nothing to say
        else Assert.Equal(["device auto: CUDA is not available; ONNX encoders run on the CPU"], notes);
        Assert.All(notes, n => Assert.True(n.Length <= 80, n));
        var cached = AsdProcess.RunWith(new Dictionary<string, string> { ["ASD_FULL_CHECK"] = "1" }, dir, args); // every shard cached: no ONNX session, no notice
        Assert.Equal([$"data: {Path.Combine(data.Root, "dev_data")} (the dev_data of {data.Root})", "nothing to do: all 4 shard(s) up to date"], cached.Lines);
        Assert.DoesNotContain("CUDA", cached.Out + cached.Err);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [Fact]
    public async Task Run_SigInt_Exit130WithOneLineAndRerunContinues()
    {
        var bigger = RepoPaths.TempDir("sigint-data");
        Assert.Equal(0, AsdProcess.Run(bigger, "synth", "--out", bigger, "--machines", "2", "--train-source", "40", "--train-target", "3", "--test-per-cell", "6", "--seconds", "3").ExitCode);
        var dir = RepoPaths.TempDir("sigint");
        var finished = new List<string>();
        string err;
        int exit;
        using (var process = Process.Start(AsdProcess.InterruptibleStartInfo(dir, RunArgs(bigger, "--jobs", "1")))!)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null)
            {
                if (!line.StartsWith('[')) continue;
                finished.Add(line);
                // Installed before the first shard ran; if it were not (SIGINT ignored), the run would end 0, not 130.
                Assert.True(AsdProcess.CatchesSigInt(process.Id), "asd has no SIGINT handler: the signal would be ignored");
                // The rest (a decode and two embed shards that check for cancellation clip by clip) takes seconds of CPU.
                Assert.Equal(0, kill(process.Id, 2)); // SIGINT, as Ctrl-C sends
                break;
            }
            var rest = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "asd did not stop after SIGINT");
            exit = process.ExitCode;
            err = await stderr;
            finished.AddRange(rest.Split('\n').Where(l => l.StartsWith('[')));
        }
        Assert.True(exit == 130, $"exit {exit}, expected 130: {err}");
        var done = finished.Count;
        Assert.InRange(done, 1, 19);
        Assert.Equal($"asd: interrupted: {done} of 20 shards done; rerun to continue (finished shards are kept)", err.Trim());
        var rerun = AsdProcess.Run(dir, RunArgs(bigger, "--json"));
        Assert.True(rerun.ExitCode == 0, rerun.Err);
        var status = Events(rerun, "stage").ToDictionary(e => $"{e.GetProperty("stage").GetString()} {e.GetProperty("shard").GetString()}", e => e.GetProperty("status").GetString());
        foreach (var line in finished)
        {
            var words = line[(line.IndexOf(']') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("cached", status[$"{words[0]} {words[1]}"]); // what the interrupted run finished is kept
        }
        Assert.Equal(20 - done, status.Values.Count(s => s == "ran"));
    }
}

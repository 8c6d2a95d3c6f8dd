using System.Diagnostics;
using Asd.Workflow.Cli.Tests.Faults;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Slurm;

/// <summary>
/// <c>asd run --executor slurm</c> against the local Slurm (tests/slurm/start.sh): the same keys and bytes as a
/// local run, a rerun after one clip is added computing only that clip (as a local run does), a failed shard cancelling the other jobs, a job cancelled with scancel, and the jobs of a coordinator
/// killed with -9 cancelled by the next run. Jobs are slowed where a test needs them running with a setup line
/// keyed on <c>$ASD_SHARDS</c> (the shards of the job).
/// </summary>
[Collection(SlurmCollection.Name)]
[Trait("Category", "Slurm")]
public sealed class SlurmExecutorTests(TinyDataSet data)
{
    private static string[] RunArgs(string dir, string dataRoot, params string[] extra) =>
        ["run", AsdProcess.Workflow("tiny.yaml"), "--data", dataRoot, "--set", "bad=fail", "--store", Path.Combine(dir, "store"), .. extra];

    /// <summary>A configuration file selecting the Slurm executor, with setup lines for the jobs.</summary>
    private static string Config(string dir, params string[] setup)
    {
        var path = Path.Combine(dir, "asd-test.yaml");
        File.WriteAllText(path, "executor: slurm\nslurm:\n  max_jobs: 8\n" +
            (setup.Length == 0 ? "" : "  setup:\n" + string.Concat(setup.Select(s => $"    - '{s.Replace("'", "''")}'\n"))));
        return path;
    }

    [SlurmFact]
    public void Run_OnSlurm_SameKeysAndOutputBytesAsLocalRun_ThenAllCached()
    {
        var local = RepoPaths.TempDir("slurm-local");
        var localRun = AsdProcess.Run(local, RunArgs(local, data.Root, "--json", "--out", Path.Combine(local, "out")));
        Assert.True(localRun.ExitCode == 0, localRun.Err);
        var dir = RepoPaths.TempDir("slurm-run");
        var slurmRun = AsdProcess.Run(dir, RunArgs(dir, data.Root, "--executor", "slurm", "--json", "--out", Path.Combine(dir, "out")));
        Assert.True(slurmRun.ExitCode == 0, slurmRun.Out + slurmRun.Err);
        RunOutputs.Of(slurmRun, Path.Combine(dir, "out")).AssertSameAs(RunOutputs.Of(localRun, Path.Combine(local, "out")), "slurm run");
        Assert.Contains("\"ran\":20", slurmRun.Out);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(dir, "store", "slurm"))); // the run folder is removed after a clean run

        var again = AsdProcess.RunWith(new Dictionary<string, string> { ["ASD_FULL_CHECK"] = "1" }, dir, RunArgs(dir, data.Root, "--executor", "slurm", "--json"));
        Assert.True(again.ExitCode == 0, again.Err);
        Assert.Contains("\"ran\":0,\"cached\":20", again.Out);
        Assert.Empty(SlurmCluster.AsdJobs());
    }

    [SlurmFact]
    public void Run_OnSlurmAfterOneClipIsAdded_JobsComputeOnlyThatClipAsALocalRunDoes_SameBytes()
    {
        var copy = data.Copy();
        var local = RepoPaths.TempDir("slurm-memo-local");
        var dir = RepoPaths.TempDir("slurm-memo");
        AsdProcess.Result Local() => AsdProcess.Run(local, RunArgs(local, copy, "--json", "--out", Path.Combine(local, "out")));
        AsdProcess.Result OnSlurm() => AsdProcess.Run(dir, RunArgs(dir, copy, "--executor", "slurm", "--json", "--out", Path.Combine(dir, "out")));
        foreach (var first in new[] { Local(), OnSlurm() }) Assert.True(first.ExitCode == 0, first.Out + first.Err);
        var fan = Path.Combine(copy, "dev_data", "raw", "fan");
        var clips = Directory.GetFiles(fan, "*.wav", SearchOption.AllDirectories).Length;
        AddTrainClip(Path.Combine(fan, "train"));

        var localAgain = Local();
        var slurmAgain = OnSlurm();
        Assert.True(localAgain.ExitCode == 0, localAgain.Err);
        Assert.True(slurmAgain.ExitCode == 0, slurmAgain.Out + slurmAgain.Err);
        RunOutputs.Of(slurmAgain, Path.Combine(dir, "out")).AssertSameAs(RunOutputs.Of(localAgain, Path.Combine(local, "out")), "slurm rerun");
        var memo = MemoUse(slurmAgain);
        Assert.Equal(["decode/fan/00", "far/fan/00", "near/fan/00"], memo.Keys.Order(StringComparer.Ordinal));
        Assert.All(memo.Values, use => Assert.Equal((clips, 1), use)); // each job took every earlier clip from the memo and computed the new one
        // Locally, near's pass also computes its peer far's entry (one read, one STFT), so far finds it: the same 3 entries, split otherwise.
        Assert.Equal(3, MemoUse(localAgain).Values.Sum(use => use.Computed));
        Assert.Empty(SlurmCluster.AsdJobs());
    }

    /// <summary>A new train clip: a copy of the first with its last byte changed (another digest, still a valid WAV file).</summary>
    private static void AddTrainClip(string train)
    {
        var source = Directory.GetFiles(train, "*.wav").Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(source);
        bytes[^1] ^= 0x01;
        var name = System.Text.RegularExpressions.Regex.Replace(Path.GetFileName(source), @"_normal_\d{4}", "_normal_9999");
        Assert.NotEqual(Path.GetFileName(source), name);
        File.WriteAllBytes(Path.Combine(train, name), bytes);
    }

    /// <summary>Per executed shard that used the per-clip memo: its hits and computed entries, from the --json stage events.</summary>
    private static Dictionary<string, (int Hits, int Computed)> MemoUse(AsdProcess.Result run) =>
        run.Lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("event").GetString() == "stage" && e.TryGetProperty("memo", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.Object)
            .ToDictionary(e => $"{e.GetProperty("stage").GetString()}/{e.GetProperty("shard").GetString()}",
                e => (e.GetProperty("memo").GetProperty("hits").GetInt32(), e.GetProperty("memo").GetProperty("computed").GetInt32()));

    [SlurmFact]
    public void Run_OnSlurm_AShardFails_OtherJobsAreCancelledAndTheRunExits1()
    {
        var copy = data.Copy();
        var clip = Directory.GetFiles(Path.Combine(copy, "dev_data", "raw", "fan", "test")).Order(StringComparer.Ordinal).First();
        File.WriteAllBytes(clip, File.ReadAllBytes(clip)[..100]);
        var dir = RepoPaths.TempDir("slurm-fail");
        var config = Config(dir, "case \"$ASD_SHARDS\" in *gearbox*) sleep 120;; esac");
        var watch = Stopwatch.StartNew();
        var run = AsdProcess.Run(dir, [.. RunArgs(dir, copy), "--config", config]);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{clip}: is truncated", run.Out);
        Assert.Contains(run.Lines, l => l.Contains("gearbox/00", StringComparison.Ordinal)
            && l.Contains("ended CANCELLED because the run failed: decode/fan/00 failed", StringComparison.Ordinal));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), $"the run waited for the sleeping job: {watch.Elapsed}");
        Assert.Empty(SlurmCluster.AsdJobs());
    }

    [SlurmFact]
    public void Run_OnSlurm_JobCancelledWithScancel_FailsItsShardWithJobIdAndLogTail()
    {
        var dir = RepoPaths.TempDir("slurm-scancel");
        var config = Config(dir, "case \"$ASD_SHARDS\" in decode/gearbox*) echo waiting-for-scancel; sleep 120;; esac");
        using var coordinator = Process.Start(AsdProcess.StartInfo(dir, [.. RunArgs(dir, data.Root), "--config", config]))!;
        var stdout = coordinator.StandardOutput.ReadToEndAsync();
        var stderr = coordinator.StandardError.ReadToEndAsync();
        var log = WaitFor(() => Directory.Exists(Path.Combine(dir, "store", "slurm"))
            ? Directory.GetFiles(Path.Combine(dir, "store", "slurm"), "job-*.log", SearchOption.AllDirectories)
                .FirstOrDefault(f => File.ReadAllText(f).Contains("waiting-for-scancel", StringComparison.Ordinal))
            : null, "a job log saying waiting-for-scancel");
        var id = Path.GetFileNameWithoutExtension(log)["job-".Length..];
        Assert.Equal(0, SlurmCluster.Run("scancel", id).Code);
        Assert.True(coordinator.WaitForExit(TimeSpan.FromSeconds(90)), "the run did not end after its job was cancelled");
        Assert.Equal(1, coordinator.ExitCode);
        var output = stdout.Result + stderr.Result;
        Assert.Contains($"slurm job {id} ended CANCELLED", output);
        Assert.Contains("waiting-for-scancel", output); // the log's tail
        Assert.Contains("decode/gearbox/00", output);
        Assert.Empty(SlurmCluster.AsdJobs());
    }

    [SlurmFact]
    public void Run_AfterACoordinatorKilledWithSignal9_CancelsItsOrphanedJobs()
    {
        var dir = RepoPaths.TempDir("slurm-kill");
        var config = Config(dir, "sleep 120");
        using (var coordinator = Process.Start(AsdProcess.StartInfo(dir, [.. RunArgs(dir, data.Root), "--config", config]))!)
        {
            WaitFor(() => SlurmCluster.AsdJobs().Count >= 2 ? "" : null, "two jobs in the queue");
            coordinator.Kill(); // SIGKILL: no handler runs
            coordinator.WaitForExit();
        }
        Assert.NotEmpty(SlurmCluster.AsdJobs()); // killing the coordinator does not cancel its jobs
        var next = AsdProcess.Run(dir, [.. RunArgs(dir, data.Root), "--dry-run"]);
        Assert.True(next.ExitCode == 0, next.Err);
        Assert.Contains("slurm job(s) left running by an earlier asd run that did not finish", next.Err);
        Assert.Empty(SlurmCluster.AsdJobs());
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(dir, "store", "slurm")));
    }

    [SlurmFact]
    public void Run_OnSlurm_CtrlC_CancelsEveryJobInFlightBeforeExiting()
    {
        var dir = RepoPaths.TempDir("slurm-ctrlc");
        var config = Config(dir, "sleep 120");
        using var coordinator = Process.Start(AsdProcess.InterruptibleStartInfo(dir, [.. RunArgs(dir, data.Root), "--config", config]))!;
        var output = coordinator.StandardOutput.ReadToEndAsync();
        var errors = coordinator.StandardError.ReadToEndAsync();
        WaitFor(() => SlurmCluster.AsdJobs().Count >= 2 ? "" : null, "two jobs in the queue");
        Assert.Equal(0, SlurmCluster.Run("kill", "-INT", coordinator.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Code);
        Assert.True(coordinator.WaitForExit(TimeSpan.FromSeconds(60)), "asd run did not end after SIGINT");
        Assert.NotEqual(0, coordinator.ExitCode);
        Assert.True(SlurmCluster.AsdJobs().Count == 0, $"jobs left after Ctrl-C: {output.Result}{errors.Result}");
    }

    [Fact]
    public void Run_BadConfigFile_Exits2NamingFileLineAndKey()
    {
        var dir = RepoPaths.TempDir("slurm-config");
        var config = Path.Combine(dir, "asd.yaml");
        File.WriteAllText(config, "executor: slurm\nslurm:\n  partiton: gpu\n");
        var run = AsdProcess.Run(dir, [.. RunArgs(dir, data.Root), "--config", config]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{config}:3:3: unknown key 'partiton'", run.Err);
        File.WriteAllText(config, "executor: cluster\n");
        run = AsdProcess.Run(dir, [.. RunArgs(dir, data.Root), "--config", config]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{config}:1:11: executor is 'cluster', allowed: local, slurm", run.Err);
    }

    private static string WaitFor(Func<string?> probe, string what)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (probe() is { } found) return found;
            Thread.Sleep(100);
        }
        throw new TimeoutException($"waited 60 s for {what}");
    }
}

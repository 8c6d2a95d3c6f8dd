using System.Diagnostics;
using System.Text.Json;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Faults;

/// <summary>
/// Fault test (b): two runs and a gc on one store at the same time. The store lock serialises them (each
/// waits, saying so), and nothing one of them needs is lost: afterwards both runs are up to date and their
/// frozen manifests verify, even after a gc from another folder.
/// </summary>
public sealed class ConcurrentStoreTests(TinyDataSet data) : IClassFixture<TinyDataSet>
{
    private static readonly Dictionary<string, string> FullCheck = new() { ["ASD_FULL_CHECK"] = "1" };

    private string[] Run(string workflow, string store, params string[] extra) =>
        ["run", workflow, "--data", data.Root, "--set", "bad=fail", "--store", store, .. extra];

    /// <summary>tiny.yaml under another name and with other embedding options: a second workflow with its own outputs.</summary>
    private static string SecondWorkflow(string dir)
    {
        var path = Path.Combine(dir, "tiny2.yaml");
        File.WriteAllText(path, File.ReadAllText(AsdProcess.Workflow("tiny.yaml")).Replace("name: tiny", "name: tiny2").Replace("n_mels: 16", "n_mels: 20"));
        return path;
    }

    /// <summary>A started asd whose output is collected line by line, so a test can wait for a line.</summary>
    private sealed class Started
    {
        private readonly System.Text.StringBuilder _out = new(), _err = new();

        public Started(string cwd, string[] args)
        {
            Process = Process.Start(AsdProcess.StartInfo(cwd, args))!;
            Process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_out) _out.Append(e.Data).Append('\n'); };
            Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_err) _err.Append(e.Data).Append('\n'); };
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Err { get { lock (_err) return _err.ToString(); } }

        public bool Waiting => Err.Contains("is in use by another asd process; waiting for it to finish", StringComparison.Ordinal);

        public AsdProcess.Result Finish()
        {
            using var process = Process;
            if (!process.WaitForExit(TimeSpan.FromMinutes(4))) { process.Kill(entireProcessTree: true); throw new TimeoutException("asd did not finish"); }
            process.WaitForExit(); // drains the asynchronous readers
            lock (_out) return new AsdProcess.Result(process.ExitCode, _out.ToString(), Err);
        }
    }

    private static int Ran(AsdProcess.Result run) => JsonDocument.Parse(run.Lines[^1]).RootElement.GetProperty("ran").GetInt32();

    [Fact]
    public void TwoRunsAndGc_QueuedOnOneStore_AllWaitAndNothingIsLost()
    {
        var dir = RepoPaths.TempDir("concurrent");
        var store = Path.Combine(dir, "store");
        var tiny = AsdProcess.Workflow("tiny.yaml");
        var tiny2 = SecondWorkflow(dir);
        Directory.CreateDirectory(store);
        AsdProcess.Result a, b, gc;
        // Hold the store lock (as a running asd would) so that all three start while the store is busy.
        using (var held = new FileStream(Path.Combine(store, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var started = new[] { new Started(dir, Run(tiny, store)), new Started(dir, Run(tiny2, store)), new Started(dir, ["gc", "--store", store, "--force"]) };
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (!started.All(p => p.Waiting))
            {
                Assert.True(DateTime.UtcNow < deadline, "not every process reported waiting for the store");
                Assert.DoesNotContain(started, p => p.Process.HasExited);
                Thread.Sleep(100);
            }
            held.Dispose();
            (a, b, gc) = (started[0].Finish(), started[1].Finish(), started[2].Finish());
        }

        Assert.True(a.ExitCode == 0, a.Err);
        Assert.True(b.ExitCode == 0, b.Err);
        Assert.True(gc.ExitCode == 0, gc.Err);

        AssertNothingLost(dir, store, tiny, tiny2);
    }

    [Fact]
    public void Gc_StartedDuringARun_WaitsAndTheRunsOutputsSurvive()
    {
        var dir = RepoPaths.TempDir("gc-during");
        var store = Path.Combine(dir, "store");
        var tiny = AsdProcess.Workflow("tiny.yaml");
        var tiny2 = SecondWorkflow(dir);
        var first = new Started(dir, Run(tiny, store));
        var second = new Started(dir, Run(tiny2, store));
        // Wait for the first object one of the runs writes, then collect while the runs are under way.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!Directory.Exists(Path.Combine(store, "objects", "sha256")) || !Directory.EnumerateDirectories(Path.Combine(store, "objects", "sha256")).Any())
        {
            Assert.True(DateTime.UtcNow < deadline, "no run wrote an object");
            Thread.Sleep(50);
        }
        var gc = AsdProcess.Run(dir, "gc", "--store", store, "--keep-runs", "1");

        var a = first.Finish();
        var b = second.Finish();
        Assert.True(gc.ExitCode == 0, gc.Err);
        Assert.True(a.ExitCode == 0, a.Err);
        Assert.True(b.ExitCode == 0, b.Err);
        AssertNothingLost(dir, store, tiny, tiny2);
    }

    /// <summary>Both runs up to date (every output present), both freezes verify, also after a gc from another folder.</summary>
    private void AssertNothingLost(string dir, string store, string tiny, string tiny2)
    {
        foreach (var wf in new[] { tiny, tiny2 })
        {
            var rerun = AsdProcess.RunWith(FullCheck, dir, Run(wf, store, "--json"));
            Assert.True(rerun.ExitCode == 0, rerun.Err);
            Assert.Equal(0, Ran(rerun));
            var name = Path.GetFileNameWithoutExtension(wf);
            Assert.Equal(0, AsdProcess.Run(dir, "freeze", wf, "--name", name, "--data", data.Root, "--set", "bad=fail", "--store", store).ExitCode);
        }
        var elsewhere = RepoPaths.TempDir("concurrent-gc");
        Assert.Equal(0, AsdProcess.Run(elsewhere, "gc", "--store", store, "--keep-runs", "0").ExitCode);
        foreach (var name in new[] { "tiny", "tiny2" })
        {
            var verify = AsdProcess.Run(elsewhere, "verify", Path.Combine(dir, "manifests", $"{name}.json"), "--store", store);
            Assert.True(verify.ExitCode == 0, verify.Out);
            Assert.Contains("all intact", verify.Out);
        }
    }
}

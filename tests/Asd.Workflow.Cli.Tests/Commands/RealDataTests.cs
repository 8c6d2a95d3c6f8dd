using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Commands;

/// <summary>End-to-end smoke tests on real DCASE 2023 audio (mono), by relative path to ../shared/data.</summary>
public sealed class RealDataTests
{
    [Fact]
    public void DemoWorkflow_ValveMini_RunsWithMonoFallbackAndScoresEverySystem()
    {
        var dir = RepoPaths.TempDir("valve");
        var result = AsdProcess.Run(dir, "run", Path.Combine(RepoPaths.Root, "workflows", "demo.yaml"), "--data", RepoPaths.SharedData("dcase2023-valve-mini"),
            "--store", "store", "--out", "out");
        Assert.True(result.ExitCode == 0, result.Out + result.Err);
        Assert.Contains("mono clips: views needing channel 1 fall back to near", result.Out);
        var report = File.ReadAllText(Path.Combine(dir, "out", "report.md"));
        foreach (var system in new[] { "proxy", "system_a", "system_b", "system_c", "system_d" }) Assert.Contains($"| {system} | 0.", report);
        var validate = AsdProcess.Run(dir, "validate", Path.Combine(dir, "out", "submission"), "--data", RepoPaths.SharedData("dcase2023-valve-mini"));
        Assert.True(validate.ExitCode == 0, validate.Out);
        var evaluate = AsdProcess.Run(dir, "evaluate", "--scores", Path.Combine(dir, "out", "submission", "system_a"), "--data", RepoPaths.SharedData("dcase2023-valve-mini"), "--format", "csv");
        Assert.Equal(0, evaluate.ExitCode);
        Assert.Contains("valve\nsection,AUC (source),AUC (target),pAUC,pAUC (source),pAUC (target),", evaluate.Out);
        Assert.Contains("\n00,", evaluate.Out);

        // The demo workflow's manifest recomputes byte for byte (every stage, the ONNX one included).
        var workflow = Path.Combine(RepoPaths.Root, "workflows", "demo.yaml");
        var freeze = AsdProcess.Run(dir, "freeze", workflow, "--name", "valve", "--data", RepoPaths.SharedData("dcase2023-valve-mini"), "--store", "store");
        Assert.True(freeze.ExitCode == 0, freeze.Out + freeze.Err);
        var recompute = AsdProcess.Run(dir, "recompute", Path.Combine(dir, "manifests", "valve.json"), "--store", "store");
        Assert.True(recompute.ExitCode == 0, recompute.Out + recompute.Err);
        Assert.Matches(@"recomputed \d+ stage shard\(s\): all \d+ outputs equal the frozen digests \(exact\)", recompute.Out);
        var audit = AsdProcess.Run(dir, "audit", Path.Combine(dir, "manifests", "valve.json"), "--store", "store");
        Assert.True(audit.ExitCode == 0, audit.Out);
    }
}

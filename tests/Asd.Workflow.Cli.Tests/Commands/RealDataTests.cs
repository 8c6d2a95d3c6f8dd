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
        Assert.Contains("valve,00,", evaluate.Out);
    }
}

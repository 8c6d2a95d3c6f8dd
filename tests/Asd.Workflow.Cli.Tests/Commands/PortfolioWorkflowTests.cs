using System.Text.Json;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Models.Builtin;
using Asd.Workflow.Testing;
using Google.Protobuf;

namespace Asd.Workflow.Cli.Tests.Commands;

/// <summary>
/// The DCASE 2026 portfolio workflow with stand-in ONNX models registered under the encoder names it
/// expects (small log-mel models, since the real exports are the user's): it loads, runs, and every stage
/// shared by several systems executes exactly once.
/// </summary>
public sealed class PortfolioWorkflowTests(TinyDataSet data) : IClassFixture<TinyDataSet>
{
    [Fact]
    public void Run_WithRegisteredStandIns_ComputesSharedStagesOnceAndPackagesFourSystems()
    {
        var dir = RepoPaths.TempDir("portfolio");
        var registry = new System.Text.StringBuilder("models:\n");
        var n = 0;
        foreach (var name in new[] { "eat", "dasheng", "beats", "panns", "clap" })
        {
            var bytes = OnnxLogMelModel.Build(16000, new Audio.Features.LogMelOptions { NMels = 16 + 8 * n++, NFft = 512, Hop = 256 });
            File.WriteAllBytes(Path.Combine(dir, $"{name}.onnx"), bytes);
            registry.Append($"  - {{ name: {name}, path: {name}.onnx, sha256: \"{Digest.Of(bytes)}\", input: waveform, sample_rate: 16000, max_seconds: 30 }}\n");
        }
        File.WriteAllText(Path.Combine(dir, "models.yaml"), registry.ToString());
        var info = AsdProcess.StartInfo(dir, "run", Path.Combine(RepoPaths.Root, "workflows", "dcase2026-portfolio.yaml"), "--data", data.Root, "--store", "store", "--json", "--out", "out");
        info.Environment["ASD_MODELS"] = Path.Combine(dir, "models.yaml");
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output + errors);
        var events = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("event").GetString() == "stage").ToList();
        var perStage = events.GroupBy(e => e.GetProperty("stage").GetString()!).ToDictionary(g => g.Key, g => g.Count(e => e.GetProperty("status").GetString() == "ran"));
        Assert.Equal(2, perStage["beats"]);        // one execution per shard, although systems A, C and D all need it
        Assert.Equal(2, perStage["z_beats"]);
        Assert.Equal(2, perStage["eat_guard"]);
        Assert.Equal(4, Directory.GetDirectories(Path.Combine(dir, "out", "submission")).Length);
        Assert.Contains("| system_d | 0.", File.ReadAllText(Path.Combine(dir, "out", "report.md")));
    }
}

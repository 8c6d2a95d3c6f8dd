using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Commands;

public sealed class ProvenanceCommandTests(TinyDataSet data) : IClassFixture<TinyDataSet>
{
    private (string Dir, string Manifest) Frozen()
    {
        var dir = RepoPaths.TempDir("prov");
        var common = new[] { "--data", data.Root, "--set", "bad=fail", "--store", "store" };
        Assert.Equal(2, AsdProcess.Run(dir, ["freeze", AsdProcess.Workflow("tiny.yaml"), "--name", "t", .. common]).ExitCode); // not run yet: refused
        Assert.Equal(0, AsdProcess.Run(dir, ["run", AsdProcess.Workflow("tiny.yaml"), .. common]).ExitCode);
        var freeze = AsdProcess.Run(dir, ["freeze", AsdProcess.Workflow("tiny.yaml"), "--name", "t", .. common]);
        Assert.True(freeze.ExitCode == 0, freeze.Err);
        Assert.Matches("submission id sha256:[0-9a-f]{64}", freeze.Out);
        return (dir, Path.Combine(dir, "manifests", "t.json"));
    }

    [Fact]
    public void VerifyRecomputeAudit_FreshManifest_AllPass()
    {
        var (dir, manifest) = Frozen();
        var verify = AsdProcess.Run(dir, "verify", manifest);
        Assert.True(verify.ExitCode == 0, verify.Out);
        Assert.Contains("all intact", verify.Out);
        var recompute = AsdProcess.Run(dir, "recompute", manifest);
        Assert.True(recompute.ExitCode == 0, recompute.Out + recompute.Err);
        Assert.Contains("recomputed 20 stage shard(s): all", recompute.Out);
        Assert.Contains("outputs equal the frozen digests (exact)", recompute.Out);
        var audit = AsdProcess.Run(dir, "audit", manifest);
        Assert.Equal(0, audit.ExitCode);
        Assert.Contains("system: OK", audit.Out);
        Assert.Contains("train inventories of fan/00, gearbox/00; no test clip, no label", audit.Out);
    }

    [Fact]
    public void Verify_FlippedByteAndDeletedObject_NamesBothAndExitsOne()
    {
        var (dir, manifest) = Frozen();
        var text = File.ReadAllText(manifest);
        var digests = System.Text.RegularExpressions.Regex.Matches(text, "\"digest\": \"sha256:([0-9a-f]{64})\"").Select(m => m.Groups[1].Value).Distinct().ToList();
        var flip = Path.Combine(dir, "store", "objects", "sha256", digests[^1][..2], digests[^1]);
        var bytes = File.ReadAllBytes(flip);
        bytes[^2] ^= 0x20;
        File.WriteAllBytes(flip, bytes);
        File.Delete(Path.Combine(dir, "store", "objects", "sha256", digests[^2][..2], digests[^2]));
        var verify = AsdProcess.Run(dir, "verify", manifest);
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains(verify.Lines, l => l.Contains($"expected sha256:{digests[^1]}: corrupt: content hashes to sha256:"));
        Assert.Contains(verify.Lines, l => l.Contains($"expected sha256:{digests[^2]}: missing"));
        Assert.Contains("2 of ", verify.Out);
    }
}

public sealed class GcCommandTests(TinyDataSet data) : IClassFixture<TinyDataSet>
{
    [Fact]
    public void Gc_KeepsEverythingAManifestNames_AndDeletesTheRest()
    {
        var dir = RepoPaths.TempDir("gc");
        var common = new[] { "--data", data.Root, "--set", "bad=fail", "--store", "store" };
        Assert.Equal(0, AsdProcess.Run(dir, ["run", AsdProcess.Workflow("tiny.yaml"), .. common]).ExitCode);
        Assert.Equal(0, AsdProcess.Run(dir, ["freeze", AsdProcess.Workflow("tiny.yaml"), "--name", "kept", .. common]).ExitCode);
        var stray = Path.Combine(dir, "store", "objects", "sha256", "00");
        Directory.CreateDirectory(stray);
        File.WriteAllText(Path.Combine(stray, new string('0', 64)), "not referenced by anything");

        var dry = AsdProcess.Run(dir, "gc", "--dry-run", "--store", "store", "--keep-runs", "0");
        var head = System.Text.RegularExpressions.Regex.Match(dry.Out, @"^would delete ([1-9]\d*) of (\d+) object\(s\)");
        Assert.True(head.Success, dry.Out);
        // The total is the count `store stats` shows, and the per-kind lines add up to what would be deleted.
        var stats = System.Text.Json.JsonDocument.Parse(AsdProcess.Run(dir, "store", "stats", "--store", "store", "--json").Out).RootElement;
        Assert.Equal(stats.GetProperty("objects").GetInt32(), int.Parse(head.Groups[2].Value));
        var perKind = dry.Lines.Skip(1).Select(l => System.Text.RegularExpressions.Regex.Match(l, @" (\d+) object\(s\)")).Where(m => m.Success).Sum(m => int.Parse(m.Groups[1].Value));
        Assert.Equal(int.Parse(head.Groups[1].Value), perKind);
        Assert.Contains(dry.Lines, l => l.StartsWith("  per-clip results, data-set listings, other", StringComparison.Ordinal)); // the stray object at least
        Assert.True(File.Exists(Path.Combine(stray, new string('0', 64))));

        var gc = AsdProcess.Run(dir, "gc", "--store", "store", "--keep-runs", "0");
        Assert.Equal(0, gc.ExitCode);
        Assert.False(File.Exists(Path.Combine(stray, new string('0', 64))));
        var verify = AsdProcess.Run(dir, "verify", Path.Combine(dir, "manifests", "kept.json"), "--store", "store");
        Assert.True(verify.ExitCode == 0, verify.Out);
    }
}

public sealed class EvaluateCommandTests(TinyDataSet data) : IClassFixture<TinyDataSet>
{
    [Fact]
    public void EvaluateTeams_OfficialGroundTruthCsvs_WritesOneResultCsvPerSystemMatchingTheRunsReport()
    {
        var dir = RepoPaths.TempDir("teams");
        Assert.Equal(0, AsdProcess.Run(dir, "run", AsdProcess.Workflow("tiny.yaml"), "--data", data.Root, "--set", "bad=fail", "--store", "store", "--out", "out").ExitCode);
        var system = Directory.CreateDirectory(Path.Combine(dir, "teams", "Team_A", "Team_A_task2_1")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(dir, "out", "package", "system"))) File.Copy(file, Path.Combine(system, Path.GetFileName(file)));

        var result = AsdProcess.Run(dir, "evaluate", "--teams", Path.Combine(dir, "teams"), "--ground-truth", data.Root, "--format", "csv");
        Assert.True(result.ExitCode == 0, result.Out + result.Err);
        var csv = File.ReadAllText(Path.Combine(dir, "teams_result", "Team_A", "Team_A_task2_1_result.csv"));
        Assert.StartsWith("machine,section,AUC (source),AUC (target),pAUC,", csv);
        var official = csv.Split('\n').Single(l => l.StartsWith("official score,,", StringComparison.Ordinal)).Split(',')[2];
        var report = File.ReadAllText(Path.Combine(dir, "out", "report.md"));
        Assert.Contains($"| system | {double.Parse(official, System.Globalization.CultureInfo.InvariantCulture):0.000000} |", report);
    }
}

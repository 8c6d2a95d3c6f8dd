using System.Text.Json.Nodes;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Commands;

/// <summary>
/// A DCASE root holding a tiny dev set and a tiny eval set (ground truth apart, as published later), the tiny
/// workflow copied beside them, run on dev and frozen as manifests/t.json: written once for the class.
/// </summary>
public sealed class FrozenDevRun
{
    public FrozenDevRun()
    {
        Dir = RepoPaths.TempDir("infer");
        Root = Path.Combine(Dir, "dcase");
        string[] shape = ["--machines", "2", "--train-source", "8", "--train-target", "2", "--test-per-cell", "3", "--seconds", "1"];
        Require(AsdProcess.Run(Dir, ["synth", "--out", Root, "--seed", "5", .. shape]));
        Require(AsdProcess.Run(Dir, ["synth", "--eval", "--out", Root, "--seed", "6", .. shape]));
        File.Copy(AsdProcess.Workflow("tiny.yaml"), Workflow);
        DevRun = Require(AsdProcess.Run(Dir, ["run", "tiny.yaml", .. Common]));
        Require(AsdProcess.Run(Dir, ["freeze", "tiny.yaml", "--name", "t", .. Common]));
    }

    public string Dir { get; }
    public string Root { get; }
    public string Workflow => Path.Combine(Dir, "tiny.yaml");
    public string Manifest => Path.Combine(Dir, "manifests", "t.json");
    internal AsdProcess.Result DevRun { get; }
    public string[] Common => ["--data", Root, "--set", "bad=fail", "--store", "store"];

    internal AsdProcess.Result Run(params string[] args) => AsdProcess.Run(Dir, args);

    private static AsdProcess.Result Require(AsdProcess.Result result) =>
        result.ExitCode == 0 ? result : throw new InvalidOperationException(result.Out + result.Err);
}

public sealed class InferCommandTests(FrozenDevRun dev) : IClassFixture<FrozenDevRun>
{
    private static JsonObject Json(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    /// <summary>Every calibration statistic, guard reference and threshold of a manifest: output ref → digest.</summary>
    private static Dictionary<string, string> Statistics(JsonObject manifest) =>
        manifest["stages"]!.AsArray().SelectMany(s => s!["outputs"]!.AsArray()
                .Where(o => (string)o!["port"]! is "stats" or "threshold")
                .Select(o => ($"{s["stage"]}/{s["shard"]}:{o!["port"]}", (string)o["digest"]!)))
            .ToDictionary(p => p.Item1, p => p.Item2);

    [Fact]
    public void Chain_DevRunFreezeInferValidateEvaluate_ScoresTheEvalRunWithTheOfficialGroundTruth()
    {
        Assert.Contains($"data: {Path.Combine(dev.Root, "dev_data")} (the dev_data of {dev.Root})", dev.DevRun.Lines);

        var infer = dev.Run(["infer", dev.Manifest, "--out", "out", .. dev.Common]);
        Assert.True(infer.ExitCode == 0, infer.Out + infer.Err);
        var id = Digest.Of(File.ReadAllBytes(dev.Manifest)).ToString();
        Assert.Contains($"data: {Path.Combine(dev.Root, "eval_data")} (the eval_data of {dev.Root}), read blind (no test label or domain)", infer.Lines);
        Assert.Contains($"no drift from t ({id})", infer.Lines);
        Assert.Contains(infer.Lines, l => l.StartsWith("not run: report (reads ground truth", StringComparison.Ordinal));
        Assert.Contains("package valid: every machine and section of the evaluation inventory (bandsaw/00, grinder/00)", infer.Lines);

        var evalManifest = Path.Combine(dev.Dir, "manifests", "t-eval.json");
        var json = Json(evalManifest);
        Assert.Equal(id, (string)json["inferred_from"]!["id"]!);
        Assert.Equal("t", (string)json["inferred_from"]!["manifest"]!);
        Assert.Empty(json["inferred_from"]!["drift"]!.AsArray());
        Assert.Equal(Path.Combine(dev.Root, "eval_data"), (string)json["dataset"]!["root"]!);
        Assert.DoesNotContain("inferred_from", File.ReadAllText(dev.Manifest));

        var package = Path.Combine(dev.Dir, "out", "package");
        Assert.Equal(["anomaly_score_bandsaw_section_00_test.csv", "anomaly_score_grinder_section_00_test.csv", "decision_result_bandsaw_section_00_test.csv",
            "decision_result_grinder_section_00_test.csv"], Directory.GetFiles(Path.Combine(package, "system")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(0, dev.Run("validate", package, "--data", dev.Root, "--split", "eval").ExitCode);
        Assert.Equal(1, dev.Run("validate", package, "--data", dev.Root).ExitCode); // the dev inventory: other machines

        var evaluate = dev.Run("evaluate", "--scores", Path.Combine(package, "system"), "--ground-truth", Path.Combine(dev.Root, "eval_ground_truth"), "--format", "csv");
        Assert.True(evaluate.ExitCode == 0, evaluate.Out + evaluate.Err);
        // the official evaluator's layout: a machine's name, its header, one row per section, then the means
        foreach (var machine in new[] { "bandsaw", "grinder" })
        {
            var at = evaluate.Lines.ToList().IndexOf(machine);
            Assert.True(at >= 0, evaluate.Out);
            Assert.StartsWith("section,AUC (source),AUC (target),pAUC", evaluate.Lines[at + 1]);
            Assert.StartsWith("00,", evaluate.Lines[at + 2]);
        }
        Assert.Contains(evaluate.Lines, l => l.StartsWith("official score,", StringComparison.Ordinal));

        Assert.Equal(0, dev.Run("verify", evalManifest, "--store", "store").ExitCode);
        var recompute = dev.Run("recompute", evalManifest, "--store", "store");
        Assert.True(recompute.ExitCode == 0, recompute.Out);
        Assert.Contains("outputs equal the frozen digests (exact)", recompute.Out);
        var audit = dev.Run("audit", evalManifest, "--store", "store");
        Assert.Equal(0, audit.ExitCode);
        Assert.Contains("train inventories of bandsaw/00, grinder/00; no test clip, no label", audit.Out);
        Assert.Equal($"evaluation run of t ({id}) on the eval split; no drift", audit.Lines[0]);
    }

    [Fact]
    public void Infer_TestClipsPermutedRenamedAndRelabelled_NoStatisticOrThresholdChanges()
    {
        Assert.Equal(0, dev.Run(["infer", dev.Manifest, "--out", "out-a", "--name", "a", .. dev.Common]).ExitCode);

        // A second copy of the eval set: test clips' contents permuted over the names, some renamed to new
        // numbers, and official-looking ground truth beside the data with labels and domains flipped.
        var other = Path.Combine(dev.Dir, "other");
        foreach (var file in Directory.GetFiles(Path.Combine(dev.Root, "eval_data"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(other, "eval_data", Path.GetRelativePath(Path.Combine(dev.Root, "eval_data"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (Path.GetFileName(Path.GetDirectoryName(file)) != "test") File.Copy(file, target);
        }
        foreach (var machine in new[] { "bandsaw", "grinder" })
        {
            var clips = Directory.GetFiles(Path.Combine(dev.Root, "eval_data", "raw", machine, "test")).Order(StringComparer.Ordinal).ToList();
            var names = clips.Select((_, i) => i % 3 == 0 ? $"section_00_{100 + i:D4}.wav" : Path.GetFileName(clips[(i + 5) % clips.Count])).ToList();
            for (var i = 0; i < clips.Count; i++) File.Copy(clips[i], Path.Combine(other, "eval_data", "raw", machine, "test", names[i]));
            foreach (var folder in new[] { "ground_truth_data", "ground_truth_domain" })
            {
                Directory.CreateDirectory(Path.Combine(other, folder));
                File.WriteAllText(Path.Combine(other, folder, $"ground_truth_{machine}_section_00_test.csv"), string.Concat(names.Select((n, i) => $"{n},{i % 2}\n")));
            }
        }
        var b = dev.Run(["infer", dev.Manifest, "--out", "out-b", "--name", "b", "--data", other, "--set", "bad=fail", "--store", "store"]);
        Assert.True(b.ExitCode == 0, b.Out + b.Err);

        var (ma, mb) = (Json(Path.Combine(dev.Dir, "manifests", "a.json")), Json(Path.Combine(dev.Dir, "manifests", "b.json")));
        Assert.NotEqual(ma["dataset"]!["inventory_digest"]!.ToJsonString(), mb["dataset"]!["inventory_digest"]!.ToJsonString()); // the test sets do differ
        var (sa, sb) = (Statistics(ma), Statistics(mb));
        Assert.Equal([.. from stage in new[] { "guard:stats", "system:threshold", "z:stats", "z_far:stats" } from m in new[] { "bandsaw", "grinder" }
                      let parts = stage.Split(':') select $"{parts[0]}/{m}/00:{parts[1]}"], sa.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(sa, sb);
    }

    [Fact]
    public void Infer_EditedWorkflow_RefusedBeforeAnythingRunsUnlessAllowDriftWhichRecordsEachDifference()
    {
        var original = File.ReadAllText(dev.Workflow);
        try
        {
            File.WriteAllText(dev.Workflow, original.Replace("q: 0.9", "q: 0.8"));
            var refused = dev.Run(["infer", dev.Manifest, "--out", "out-drift", "--name", "drift", .. dev.Common]);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains($"asd: {dev.Manifest}: refused: 2 difference(s) from the frozen setup; restore it, or pass --allow-drift to run anyway and record them", refused.Err);
            Assert.Contains("  stage guard: option q: frozen 0.9, now 0.8", refused.Err.Split('\n'));
            Assert.False(File.Exists(Path.Combine(dev.Dir, "manifests", "drift.json")));
            Assert.False(Directory.Exists(Path.Combine(dev.Dir, "out-drift")));

            var allowed = dev.Run(["infer", dev.Manifest, "--out", "out-drift", "--name", "drift", "--allow-drift", .. dev.Common]);
            Assert.True(allowed.ExitCode == 0, allowed.Out + allowed.Err);
            var drift = Json(Path.Combine(dev.Dir, "manifests", "drift.json"))["inferred_from"]!["drift"]!.AsArray().Select(d => (string)d!).ToList();
            Assert.Equal(2, drift.Count);
            Assert.StartsWith("workflow tiny.yaml: text: frozen sha256:", drift[0]);
            Assert.Equal("stage guard: option q: frozen 0.9, now 0.8", drift[1]);
        }
        finally { File.WriteAllText(dev.Workflow, original); }
    }

    [Fact]
    public void Infer_RootWithoutEvalData_IsABadInputSayingWhatItHolds()
    {
        var devOnly = RepoPaths.TempDir("devonly");
        Directory.CreateDirectory(Path.Combine(devOnly, "dev_data"));
        var result = dev.Run(["infer", dev.Manifest, "--data", devOnly, "--set", "bad=fail", "--store", "store"]);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"asd: data set {devOnly} holds dev_data/ but no eval_data/", result.Err);
    }
}

using System.Globalization;
using System.Text.Json;
using Asd.Workflow.Cli.Commands;
using Asd.Workflow.Cli.Composition;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Commands;

/// <summary>
/// workflows/imported.yaml with its imported branch made from a native branch's scores (tiny.yaml's knn_far,
/// written in the challenge's layout as a Python producer would): the import reproduces the native score tables
/// byte for byte, the mixed system runs, freezes with the files' digests and audits with the declared protocol;
/// an edited file reruns only its shard downstream, and a bad row fails the run with file:line (exit 1).
/// </summary>
public sealed class ImportWorkflowTests(TinyDataSet data) : IClassFixture<TinyDataSet>
{
    private static string Workflow => Path.Combine(RepoPaths.Root, "workflows", "imported.yaml");

    [Fact]
    public void Run_ImportedBranchFromNativeScores_MatchesNativeTablesFreezesAuditsAndRejectsBadRows()
    {
        var dir = RepoPaths.TempDir("import");
        var store = Path.Combine(dir, "store");
        var producer = AsdProcess.Run(dir, "run", AsdProcess.Workflow("tiny.yaml"), "--data", data.Root, "--set", "bad=fail", "--store", store);
        Assert.True(producer.ExitCode == 0, producer.Out + producer.Err);
        var scores = Path.Combine(dir, "scores");
        var native = Export(store, AsdProcess.Workflow("tiny.yaml"), new() { ["data"] = data.Root, ["bad"] = "fail" }, "knn_far", scores);

        var run = AsdProcess.Run(dir, "run", Workflow, "--data", data.Root, "--set", $"scores={scores}", "--store", store, "--out", "out");
        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        var imported = Outputs(store, Workflow, new() { ["data"] = data.Root, ["scores"] = scores }, "external");
        foreach (var (key, digest) in native) Assert.Equal(digest, imported[key]); // same bytes as the native score stage's tables
        Assert.StartsWith("fan\nsection,AUC (source),AUC (target),pAUC,pAUC (source)", File.ReadAllText(Path.Combine(dir, "out", "report", "mixed_result.csv")));

        var freeze = AsdProcess.Run(dir, "freeze", Workflow, "--data", data.Root, "--set", $"scores={scores}", "--store", store, "--name", "imp", "--manifests", "m");
        Assert.True(freeze.ExitCode == 0, freeze.Out + freeze.Err);
        var manifest = File.ReadAllText(Path.Combine(dir, "m", "imp.json"));
        foreach (var file in Directory.GetFiles(scores)) Assert.Contains(Digest.Of(File.ReadAllBytes(file)).ToString(), manifest);
        var provenance = JsonDocument.Parse(manifest).RootElement.GetProperty("provenance");
        var evaluator = Digest.Of(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Asd.Workflow.Evaluation.dll")));
        Assert.Equal($"Asd.Workflow.Evaluation.dll {evaluator}", provenance.GetProperty("evaluator").GetString());
        Assert.Equal("Asd.Workflow.Scoring.dll", provenance.GetProperty("activities").GetProperty("import").GetString());
        Assert.Equal(EnvironmentFacts.SourceCommit(typeof(EnvironmentFacts).Assembly) ?? "unknown", provenance.GetProperty("source_commit").GetString());
        Assert.Matches("^([0-9a-f]{40}|unknown)$", provenance.GetProperty("source_commit").GetString());
        Assert.DoesNotContain(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), manifest); // no wall-clock time
        var audit = AsdProcess.Run(dir, "audit", Path.Combine("m", "imp.json"), "--store", store);
        Assert.True(audit.ExitCode == 0, audit.Out + audit.Err);
        Assert.Contains("external (import): out_of_fold, declared by the producer", audit.Out);
        Assert.Contains("knn_near (score): kfold", audit.Out);

        // One score of one machine changes: the imports rerun (their identity holds every file's digest), but only that machine's branch moves on.
        var fanTest = Path.Combine(scores, "anomaly_score_fan_section_00_test.csv");
        var lines = File.ReadAllLines(fanTest);
        var first = lines[0].Split(',');
        lines[0] = $"{first[0]},{(double.Parse(first[1], CultureInfo.InvariantCulture) + 1).ToString("R", CultureInfo.InvariantCulture)}";
        File.WriteAllLines(fanTest, lines);
        var rerun = AsdProcess.Run(dir, "run", Workflow, "--data", data.Root, "--set", $"scores={scores}", "--store", store, "--json");
        Assert.True(rerun.ExitCode == 0, rerun.Out + rerun.Err);
        var ran = Events(rerun).Where(e => e.GetProperty("status").GetString() == "ran").Select(e => $"{e.GetProperty("stage").GetString()} {e.GetProperty("shard").GetString()}").ToList();
        Assert.Contains("external fan/00", ran);
        Assert.Contains("z_external fan/00", ran);
        Assert.DoesNotContain(ran, r => r.StartsWith("z_external ", StringComparison.Ordinal) && r != "z_external fan/00");
        Assert.DoesNotContain(ran, r => r.StartsWith("knn_near ", StringComparison.Ordinal));

        lines[1] = lines[1].Split(',')[0] + ",nan";
        File.WriteAllLines(fanTest, lines);
        var bad = AsdProcess.Run(dir, "run", Workflow, "--data", data.Root, "--set", $"scores={scores}", "--store", store, "--json");
        Assert.Equal(1, bad.ExitCode);
        var failed = Events(bad).Single(e => e.GetProperty("status").GetString() == "failed");
        Assert.Equal($"{fanTest}:2: score 'nan' of {lines[1].Split(',')[0]} is not a finite number; write a finite decimal number", failed.GetProperty("error").GetString());
    }

    private static List<JsonElement> Events(AsdProcess.Result result) =>
        result.Lines.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("event").GetString() == "stage").ToList();

    /// <summary>The stage's score tables by "shard:port" (digest), and the files a producer would have written from them.</summary>
    private static Dictionary<string, string> Export(string store, string workflow, Dictionary<string, string> variables, string stage, string folder)
    {
        Directory.CreateDirectory(folder);
        using var session = AsdSession.Open(store, _ => { });
        var invocation = WorkflowInvocation.Load(session, workflow, variables, 1);
        var result = new Dictionary<string, string>();
        foreach (var (_, shard, output) in invocation.CurrentOutputs().Where(o => o.Stage == stage && o.Output.Port is ClipInventory.Train or ClipInventory.Test))
        {
            var table = ScoreTable.FromCsv(session.Store.ReadAll(Digest.Parse(output.Digest)));
            var (machine, section) = (shard.Split('/')[0], shard.Split('/')[1]);
            var rows = table.Rows.Reverse().Select(r => $"{r.Clip},{r.Score.ToString("R", CultureInfo.InvariantCulture)}"); // any row order
            File.WriteAllLines(Path.Combine(folder, $"anomaly_score_{machine}_section_{section}_{output.Port}.csv"), rows);
            result[$"{shard}:{output.Port}"] = output.Digest;
        }
        Assert.Equal(4, result.Count);
        return result;
    }

    private static Dictionary<string, string> Outputs(string store, string workflow, Dictionary<string, string> variables, string stage)
    {
        using var session = AsdSession.Open(store, _ => { });
        var invocation = WorkflowInvocation.Load(session, workflow, variables, 1);
        return invocation.CurrentOutputs().Where(o => o.Stage == stage).ToDictionary(o => $"{o.Shard}:{o.Output.Port}", o => o.Output.Digest);
    }
}

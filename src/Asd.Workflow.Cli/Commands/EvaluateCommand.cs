using Asd.Workflow.Cli.Output;
using System.CommandLine;
using System.Text.Json;
using Asd.Workflow.Audio.Dataset;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Evaluation.Metrics;
using Asd.Workflow.Evaluation.Reports;

namespace Asd.Workflow.Cli.Commands;

/// <summary><c>asd evaluate</c>: the official metric for one system, a teams/ tree, or a paired comparison.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var scores = new Option<string?>("--scores") { Description = "Folder with anomaly_score_*/decision_result_* CSVs of one system" };
        var data = new Option<string?>("--data") { Description = "Dev data set: labels and domains from file names" };
        var groundTruth = new Option<string?>("--ground-truth") { Description = "Folder with the official ground_truth_data/ (and ground_truth_domain/) CSVs" };
        var teams = new Option<string?>("--teams") { Description = "teams/<team>/<system>/ tree: evaluate every system, writing <system>_result.csv" };
        var compare = new Option<string[]>("--compare") { Description = "Two score folders A B: paired bootstrap of the difference in official score", AllowMultipleArgumentsPerToken = true, Arity = new ArgumentArity(2, 2) };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for --compare", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap (default 0)" };
        var format = new Option<string>("--format") { Description = "md, csv or json", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "csv", "json");
        var command = new Command("evaluate", "Score submissions with the official DCASE Task 2 metric\n\nExample: asd evaluate --scores out/demo/submission/system_a --data out/demo/data") { scores, data, groundTruth, teams, compare, bootstrap, seed, format };
        command.SetAction(result =>
        {
            var truths = LoadTruth(result.GetValue(data), result.GetValue(groundTruth));
            if (result.GetValue(compare) is { Length: 2 } pair) return Compare(truths, pair[0], pair[1], result.GetValue(bootstrap), result.GetValue(seed), result.GetValue(format)!);
            if (result.GetValue(teams) is { } root) return Teams(truths, root, result.GetValue(format)!);
            var dir = result.GetValue(scores) ?? throw AsdException.BadInput("asd evaluate: give --scores DIR, --teams ROOT or --compare A B");
            Print([(Path.GetFileName(Path.TrimEndingDirectorySeparator(dir)), Evaluate(truths, dir))], result.GetValue(format)!);
            return 0;
        });
        return command;
    }

    public static IReadOnlyList<GroundTruth> LoadTruth(string? data, string? groundTruth)
    {
        if (groundTruth is not null) return OfficialGroundTruth.Read(groundTruth);
        if (data is null) throw AsdException.BadInput("asd evaluate: give --data DATASET or --ground-truth DIR");
        return new DatasetReader(paths => paths.ToDictionary(p => p, _ => "", StringComparer.Ordinal)).Read(data).Shards.Select(s => s.Truth).ToList();
    }

    private static OverallResult Evaluate(IReadOnlyList<GroundTruth> truths, string dir) =>
        DcaseMetrics.Overall(truths.Select(t => DcaseMetrics.Section(t.Machine, t.Section,
            SystemScores.Join(t, ScoreFiles.Read(dir, t.Machine, t.Section), dir))).ToList());

    private static int Teams(IReadOnlyList<GroundTruth> truths, string root, string format)
    {
        var systems = new List<(string, OverallResult)>();
        foreach (var team in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            foreach (var system in Directory.GetDirectories(team).Order(StringComparer.Ordinal))
            {
                var r = Evaluate(truths, system);
                var outDir = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(root))!, "teams_result", Path.GetFileName(team));
                Directory.CreateDirectory(outDir);
                File.WriteAllText(Path.Combine(outDir, $"{Path.GetFileName(system)}_result.csv"), ResultsTable.Csv(r));
                systems.Add(($"{Path.GetFileName(team)}/{Path.GetFileName(system)}", r));
            }
        Print(systems, format);
        return 0;
    }

    private static int Compare(IReadOnlyList<GroundTruth> truths, string a, string b, int resamples, int seed, string format)
    {
        var sections = truths.Select(t => (t.Machine, t.Section,
            SystemScores.Join(t, ScoreFiles.Read(a, t.Machine, t.Section), a), SystemScores.Join(t, ScoreFiles.Read(b, t.Machine, t.Section), b))).ToList();
        var r = PairedBootstrap.Run(sections, resamples, seed);
        if (format == "json") Console.WriteLine(JsonLines.SerializeRecord(r));
        else Console.WriteLine($"A {a}: {r.ScoreA:0.000000}\nB {b}: {r.ScoreB:0.000000}\nA − B = {r.Difference:+0.000000;-0.000000}, 95 % paired-bootstrap interval [{r.Low:+0.000000;-0.000000}, {r.High:+0.000000;-0.000000}] ({r.Resamples} resamples, seed {r.Seed})"
            + (r.Low > 0 || r.High < 0 ? "" : "; the interval includes 0: no reliable difference"));
        return 0;
    }

    private static void Print(IReadOnlyList<(string System, OverallResult Result)> systems, string format)
    {
        if (format == "json") Console.WriteLine(JsonLines.SerializeRecord(systems.Select(s => new { system = s.System, result = s.Result })));
        else if (format == "csv") foreach (var (name, r) in systems) Console.Write($"# {name}\n{ResultsTable.Csv(r)}");
        else Console.Write(ResultsTable.Markdown(systems));
    }
}

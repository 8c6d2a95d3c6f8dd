using System.CommandLine;
using System.Text.Json;
using Asd.Workflow.Audio.Synth;
using Asd.Workflow.Cli.Composition;
using Asd.Workflow.Cli.Output;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Core.Paths;
using Asd.Workflow.Core.Provenance;

namespace Asd.Workflow.Cli.Commands;

/// <summary>
/// <c>asd demo</c>, the main job: synthesise a small DCASE-2026-like set, run workflows/demo.yaml, print the
/// results, write and validate the submission package, freeze, verify and audit.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--out") { Description = "Folder for this demo's data set, report, package and manifest (out/demo, or out/demo-NAME with --data NAME)" };
        var data = new Option<string?>("--data") { Description = "Run on this data set instead of the synthetic one" };
        var store = CommonOptions.Store(); var jobs = CommonOptions.Jobs();
        var workflow = new Option<string>("--workflow") { Description = "Workflow file", DefaultValueFactory = _ => DefaultWorkflow() };
        var command = new Command("demo", "The end-to-end demo: synth, run all systems, package, validate, freeze, verify, audit\n\nExample: asd demo --data ../shared/data/dcase2023-valve-mini") { output, data, store, jobs, workflow };
        command.SetAction(async (result, ct) =>
        {
            Output.Interrupt.Cooperate();
            var given = result.GetValue(data);
            var outDir = result.GetValue(output) ?? DemoFolder.Default(given);
            var storeDir = result.GetValue(store)!;
            OwnedFolder.Check(outDir, "--out"); // before anything is written: a user's folder is never touched
            var folder = new DemoFolder(outDir, given, storeDir);
            folder.CheckBelongs(); // another demo's folder is refused before anything is written
            var dataDir = given ?? Synthesise(outDir);
            folder.Claim();
            var name = given is null ? "demo" : $"demo-{Path.GetFileName(Path.TrimEndingDirectorySeparator(dataDir))}";
            using var session = AsdSession.Open(storeDir, Console.Error.WriteLine);
            Step(2, $"run {result.GetValue(workflow)} on {dataDir}");
            var invocation = WorkflowInvocation.Load(session, result.GetValue(workflow)!, new Dictionary<string, string> { ["data"] = dataDir }, result.GetValue(jobs));
            var summary = await invocation.RunAsync(new RunSettings(result.GetValue(jobs)), json: false, Console.Out, ct);
            RunCommand.Report(summary, json: false, dryRun: false);
            if (summary.Failed > 0) return summary.ExitCode;

            Step(3, "results (official DCASE Task 2 metric on the dev test split)");
            var written = invocation.Materialize(outDir);
            var report = written.FirstOrDefault(p => p.EndsWith(".md", StringComparison.Ordinal));
            if (report is not null) Console.WriteLine(File.ReadAllText(report).Split("\n\n| System | Machine")[0].Trim());

            Step(4, "submission package");
            var package = written.FirstOrDefault(Directory.Exists);
            if (package is not null)
            {
                var problems = ValidateCommand.Validate(package, dataDir);
                foreach (var p in problems) Console.WriteLine($"  {p}");
                Console.WriteLine(problems.Count == 0 ? $"  wrote {package}: valid ({Directory.GetDirectories(package).Length} systems)" : $"  {problems.Count} problem(s) in {package}");
                if (problems.Count > 0) return 1;
            }

            Step(5, "freeze, verify, audit");
            var (id, file) = await ProvenanceCommands.FreezeAsync(invocation, name, outDir, DemoFolder.ManifestFile);
            Console.WriteLine($"  froze {file}: submission id {id}");
            invocation.WriteHtmlReports(outDir, id.ToString()); // the page's header names the manifest
            var manifest = ManifestBuilder.Load(file);
            var verify = Verifier.Verify(manifest, session.Store, result.GetValue(jobs));
            Console.WriteLine(verify.Problems.Count == 0 ? $"  verify: {verify.Objects} objects intact" : $"  verify: {verify.Problems.Count} problem(s)");
            foreach (var p in verify.Problems) Console.WriteLine($"    {p.What}: {p.Problem}");
            var audits = Auditor.Audit(manifest, session.Store);
            foreach (var a in audits.Where(a => a.Leaks.Count > 0 || a.System.StartsWith("system", StringComparison.Ordinal)))
                Console.WriteLine($"  audit {a.System}: {(a.Leaks.Count == 0 ? $"OK ({a.Statistics.Count} statistics, train inventories only)" : "LEAK: " + a.Leaks[0])}");
            var ok = verify.Problems.Count == 0 && audits.All(a => a.Leaks.Count == 0);
            if (!ok) { Console.WriteLine("demo checks FAILED"); return 1; }
            var rerun = new List<string>();
            if (result.GetResult(output) is not null) rerun.AddRange(["--out", outDir]);
            if (given is not null) rerun.AddRange(["--data", given]);
            if (result.GetResult(workflow) is not null) rerun.AddRange(["--workflow", result.GetValue(workflow)!]);
            foreach (var line in FollowUp.Lines(written, package, file, dataDir, storeDir, rerun)) Console.WriteLine(line);
            return 0;
        });
        return command;
    }

    public static string DefaultWorkflow()
    {
        var local = Path.Combine("workflows", "demo.yaml");
        if (File.Exists(local)) return local;
        var beside = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "workflows", "demo.yaml"));
        return File.Exists(beside) ? beside : local;
    }

    /// <summary>The demo's data set: small, stereo, deterministic; written once (a marker holds its options).</summary>
    public static readonly SynthOptions DemoShape = new() { Out = "", Seed = 2026, Machines = 7, TrainSource = 40, TrainTarget = 5, TestPerCell = 10, Seconds = 3, Channels = 2 };

    private static string Synthesise(string outDir)
    {
        OwnedFolder.Claim(outDir, "--out");
        var dir = ConfinedPath.Resolve(outDir, "data");
        var options = DemoShape with { Out = dir };
        var marker = Path.Combine(dir, ".asd-synth.json");
        var wanted = JsonSerializer.Serialize(options with { Out = "" }, JsonDefaults.Options);
        Step(1, $"synthetic data set in {dir}");
        if (File.Exists(marker) && File.ReadAllText(marker) == wanted)
        {
            Console.WriteLine("  already there (same seed and shape): reused");
            return dir;
        }
        OwnedFolder.Replace(dir, "--out");
        var summary = SyntheticDataset.Write(options);
        File.WriteAllText(marker, wanted);
        Console.WriteLine($"  wrote {summary.Clips} clips ({summary.Bytes / 1e6:0.0} MB): {string.Join(", ", summary.Machines)}; stereo near/far, {options.TrainSource}+{options.TrainTarget} train normals and {4 * options.TestPerCell} test clips per machine");
        return dir;
    }

    private static void Step(int n, string what) => Console.WriteLine($"\n[{n}/5] {what}");
}

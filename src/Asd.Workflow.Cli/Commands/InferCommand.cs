using System.CommandLine;
using Asd.Workflow.Audio.Dataset;
using Asd.Workflow.Cli.Composition;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Core.Provenance;
using Asd.Workflow.Evaluation.Activities.Package;
using Asd.Workflow.Evaluation.Validation;

namespace Asd.Workflow.Cli.Commands;

/// <summary>
/// <c>asd infer MANIFEST --data EVAL_ROOT</c>: the seed's final step (§5) — one pass of exactly the frozen workflow
/// over the evaluation set. Before the data set is read, the workflow is checked against the manifest
/// (<see cref="DriftCheck"/>); any difference refuses the run (exit 2) unless --allow-drift, which records each
/// one. The evaluation set is read blind (no test label or domain, <see cref="DatasetReader"/>), so every
/// statistic, guard reference and threshold comes from its train normals by the frozen rules. Stages that read
/// ground truth do not run (<see cref="InferencePlan"/>). The package is written and validated against the
/// evaluation inventory, then an evaluation manifest naming the dev manifest (its id) is frozen.
/// </summary>
internal static class InferCommand
{
    public static Command Create()
    {
        var manifest = new Argument<string>("MANIFEST") { Description = "The dev manifest written by asd freeze" };
        var data = new Option<string>("--data") { Description = "The evaluation set, or a DCASE root holding eval_data/ (and dev_data/)", Required = true };
        var split = new Option<string>("--split") { Description = "Which half of a DCASE root to read: eval or dev", DefaultValueFactory = _ => "eval" };
        split.AcceptOnlyFromAmong("eval", "dev");
        var output = new Option<string?>("--out") { Description = "Folder for the package and reports (default out/NAME)" };
        var allowDrift = new Option<bool>("--allow-drift") { Description = "Run although the workflow differs from the frozen one; every difference is recorded in the eval manifest" };
        var name = new Option<string?>("--name") { Description = "Eval manifest name: writes manifests/NAME.json (default: the dev manifest's name + '-eval')" };
        var manifests = new Option<string>("--manifests") { Description = "Manifest folder", DefaultValueFactory = _ => "manifests" };
        var set = CommonOptions.Set(); var store = CommonOptions.Store(); var jobs = CommonOptions.Jobs();
        var command = new Command("infer", "Run a frozen manifest's workflow once on the evaluation set; refuse any drift from the freeze\n\nExample: asd infer manifests/demo.json --data dcase --out out/eval")
            { manifest, data, split, output, allowDrift, name, manifests, set, store, jobs };
        command.SetAction(async (result, ct) =>
        {
            Output.Interrupt.Cooperate();
            var manifestPath = result.GetValue(manifest)!;
            var frozen = ManifestBuilder.Load(manifestPath);
            if (frozen.InferredFrom is { } earlier)
                throw AsdException.BadInput($"{manifestPath} is an evaluation manifest (inferred from {earlier.Manifest}); give the dev manifest written by asd freeze");
            var id = Digest.Of(File.ReadAllBytes(manifestPath));
            var evalName = result.GetValue(name) ?? $"{frozen.Name}-eval";
            var outDir = result.GetValue(output) ?? Path.Combine("out", evalName);
            Core.Paths.OwnedFolder.Check(outDir, "--out"); // refused before the run, not after
            var chosenSplit = DataRoot.ParseSplit(result.GetValue(split)!);
            var root = DataRoot.Resolve(result.GetValue(data)!, chosenSplit);
            Console.WriteLine($"data: {(root.Chosen ? root.Describe() : Path.GetFullPath(root.Folder))}, read blind (no test label or domain)");
            var workflowFile = frozen.Workflow.File;
            if (!File.Exists(workflowFile))
                throw AsdException.BadInput($"{manifestPath}: the frozen workflow {workflowFile} does not exist here; run asd infer from the folder asd freeze ran in");

            var variables = CommonOptions.Variables(root.Folder, result.GetValue(set), chosenSplit);
            IReadOnlyList<Drift> drifts = [];
            using var session = AsdSession.Open(result.GetValue(store)!, Console.Error.WriteLine);
            var invocation = WorkflowInvocation.Load(session, workflowFile, variables, result.GetValue(jobs), beforeScan: workflow =>
            {
                var now = new CurrentSetup(ManifestBuilder.WorkflowDigest(File.ReadAllText(workflowFile)), workflow, EncoderCatalog.RegisteredModels(),
                    EnvironmentFacts.Software()[DriftCheck.SoftwareKey]);
                drifts = DriftCheck.Compare(frozen, now, session.Registry, session.Store);
                if (drifts.Count > 0 && !result.GetValue(allowDrift))
                    throw AsdException.BadInput($"{manifestPath}: refused: {drifts.Count} difference(s) from the frozen setup; restore it, or pass --allow-drift to run anyway and record them",
                        drifts.Select(d => d.ToString()).ToList());
            }, blindTest: true);
            Console.WriteLine(drifts.Count == 0
                ? $"no drift from {frozen.Name} ({id})"
                : $"--allow-drift: {drifts.Count} difference(s) from {frozen.Name} ({id}), recorded in the eval manifest:\n" + string.Join("\n", drifts.Select(d => "  " + d)));

            var plan = InferencePlan.Of(invocation.Workflow, session.Registry);
            foreach (var stage in plan.NotRun) Console.WriteLine($"not run: {stage} (reads ground truth, which the evaluation set does not have; score the package with asd evaluate --ground-truth)");
            var eval = invocation.With(plan.Runnable);
            var summary = await eval.RunAsync(new RunSettings(result.GetValue(jobs)), json: false, Console.Out, ct);
            RunCommand.Report(summary, json: false, dryRun: false);
            if (summary.Failed > 0 || summary.Skipped > 0) return summary.ExitCode == 0 ? 1 : summary.ExitCode;
            foreach (var path in eval.Materialize(outDir)) Console.WriteLine($"wrote {path}");

            var problems = Validate(eval, outDir);
            foreach (var p in problems) Console.WriteLine(p);
            if (problems.Count > 0)
            {
                Console.WriteLine($"{problems.Count} problem(s): the package does not match the evaluation inventory; no eval manifest written");
                return 1;
            }
            Console.WriteLine($"package valid: every machine and section of the evaluation inventory ({string.Join(", ", eval.Dataset.Shards)})");
            var origin = new ManifestOrigin(frozen.Name, id.ToString(), chosenSplit.ToString().ToLowerInvariant(), drifts.Select(d => d.ToString()).ToList(), plan.NotRun);
            var (evalId, file) = await ProvenanceCommands.FreezeAsync(eval, evalName, result.GetValue(manifests)!, origin: origin);
            Console.WriteLine($"froze the evaluation run into {file} (inferred from {frozen.Name}, {id})");
            Console.WriteLine($"submission id {evalId}");
            return 0;
        });
        return command;
    }

    /// <summary>Every package the run wrote, checked against the evaluation set's test inventories (every machine and section).</summary>
    private static IReadOnlyList<PackageProblem> Validate(WorkflowInvocation eval, string outDir)
    {
        var tests = eval.Dataset.Shards.Select(s => JsonDefaults.Deserialize<ClipInventory>(
            eval.Session.Store.ReadAll(eval.Dataset.Sources[s].Single(a => a.Port == ClipInventory.Test).Digest))).ToList();
        var packages = eval.Workflow.Stages.Where(s => eval.Session.Registry.Get(s.Uses) is PackageActivity).ToList();
        if (packages.Count == 0) return [new PackageProblem(eval.Workflow.SourceFile, 0, "has no package stage: nothing to submit")];
        return packages.SelectMany(s => PackageValidator.Validate(Path.Combine(outDir, s.Name), tests)).ToList();
    }
}

using Asd.Workflow.Cli.Output;
using System.CommandLine;
using System.Text.Json;
using Asd.Workflow.Cli.Composition;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Provenance;
using Asd.Workflow.Store.Gc;

namespace Asd.Workflow.Cli.Commands;

/// <summary>freeze, verify, recompute and audit: what release engineers and auditors use.</summary>
internal static class ProvenanceCommands
{
    public static Command Freeze()
    {
        var workflow = CommonOptions.Workflow();
        var name = new Option<string>("--name") { Description = "Manifest name: writes manifests/NAME.json", Required = true };
        var data = CommonOptions.Data(); var set = CommonOptions.Set(); var store = CommonOptions.Store();
        var manifests = new Option<string>("--manifests") { Description = "Manifest folder", DefaultValueFactory = _ => "manifests" };
        var command = new Command("freeze", "Record an up-to-date workflow's every hash in manifests/NAME.json\n\nExample: asd freeze workflows/demo.yaml --data out/demo/data --name v1") { workflow, name, data, set, store, manifests };
        command.SetAction(async (result, _) =>
        {
            using var session = AsdSession.Open(result.GetValue(store)!, Console.Error.WriteLine);
            var path = result.GetValue(workflow)!;
            var invocation = WorkflowInvocation.Load(session, path, CommonOptions.Variables(result.GetValue(data), result.GetValue(set)), Environment.ProcessorCount);
            var (id, file) = await FreezeAsync(invocation, result.GetValue(name)!, result.GetValue(manifests)!);
            Console.WriteLine($"froze {invocation.Workflow.Name} into {file}");
            Console.WriteLine($"submission id {id}");
            return 0;
        });
        return command;
    }

    /// <summary>Freezes into <c>manifestsDir/NAME.json</c>, or <c>manifestsDir/fileName</c> when given.</summary>
    /// <param name="origin">For an evaluation run (asd infer): the dev manifest it ran from, recorded in the manifest.</param>
    public static async Task<(Digest Id, string File)> FreezeAsync(WorkflowInvocation invocation, string name, string manifestsDir, string? fileName = null,
        ManifestOrigin? origin = null)
    {
        if (name.Length == 0 || name.IndexOfAny(['/', '\\', ' ']) >= 0) throw Core.Errors.AsdException.BadInput($"--name '{name}' must be a plain file name");
        var plan = await invocation.Runner().RunAsync(invocation.Workflow, invocation.Dataset, new RunSettings(DryRun: true), new NullObserver());
        var manifest = ManifestBuilder.Build(name, invocation.Workflow, File.ReadAllText(invocation.Workflow.SourceFile), invocation.Dataset, plan,
            invocation.Session.Registry, invocation.Session.Index, ModelDigests(), EnvironmentFacts.Software(), EnvironmentFacts.Machine(),
            EnvironmentFacts.Provenance(invocation.Session.Registry)) with { InferredFrom = origin };
        var bytes = ManifestBuilder.Serialize(manifest);
        Directory.CreateDirectory(manifestsDir);
        var file = Core.Paths.ConfinedPath.Resolve(manifestsDir, fileName ?? $"{name}.json");
        Core.Paths.AtomicFile.Write(file, bytes);
        new GcRoots(invocation.Session.Store.Root).AddManifest(Digest.Of(bytes), name, manifest.NamedObjects().Select(o => Digest.Parse(o.Digest)));
        return (Digest.Of(bytes), file);
    }

    private static Func<IReadOnlyDictionary<string, string>> ModelDigests => EncoderCatalog.RegisteredModels;

    public static Command Verify()
    {
        var manifest = new Argument<string>("MANIFEST") { Description = "A manifest written by asd freeze" };
        var store = CommonOptions.Store(); var json = CommonOptions.Json(); var jobs = CommonOptions.Jobs();
        var command = new Command("verify", "Re-hash every artifact a manifest names; list missing and corrupt objects\n\nExample: asd verify out/demo/manifest.json") { manifest, store, json, jobs };
        command.SetAction(result =>
        {
            var m = ManifestBuilder.Load(result.GetValue(manifest)!);
            using var session = AsdSession.Open(result.GetValue(store)!, Console.Error.WriteLine);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var report = VerifyProgress.Show(result.GetValue(json), progress => Verifier.Verify(m, session.Store, result.GetValue(jobs), progress));
            if (result.GetValue(json))
                Console.WriteLine(JsonLines.Serialize(new { objects = report.Objects, bytes = report.Bytes, ok = report.Problems.Count == 0, problems = report.Problems }));
            else
            {
                foreach (var p in report.Problems) Console.WriteLine($"{p.What}: expected {p.Expected}: {p.Problem}");
                Console.WriteLine(report.Problems.Count == 0
                    ? $"verified {report.Objects} objects ({report.Bytes / 1e6:0.0} MB) in {watch.Elapsed.TotalSeconds:0.00} s: all intact"
                    : $"{report.Problems.Count} of {report.Objects} objects missing or corrupt");
            }
            return report.Problems.Count == 0 ? 0 : 1;
        });
        return command;
    }

    public static Command Recompute()
    {
        var manifest = new Argument<string>("MANIFEST") { Description = "A manifest written by asd freeze" };
        var stages = new Option<string[]>("--stage") { Description = "Stages to re-execute (default: all)", AllowMultipleArgumentsPerToken = true };
        var data = CommonOptions.Data(); var store = CommonOptions.Store(); var json = CommonOptions.Json();
        var command = new Command("recompute", "Re-execute stages bypassing the cache and prove the outputs equal the frozen digests\n\nExample: asd recompute out/demo/manifest.json --stage decode") { manifest, stages, data, store, json };
        command.SetAction(async (result, ct) =>
        {
            Interrupt.Cooperate();
            var m = ManifestBuilder.Load(result.GetValue(manifest)!);
            using var session = AsdSession.Open(result.GetValue(store)!, Console.Error.WriteLine);
            var recomputer = new Recomputer(session.Registry, session.Store);
            var selected = result.GetValue(stages) ?? [];
            // --data may be a DCASE root: an evaluation manifest reads its eval_data/, any other its dev_data/.
            var split = m.InferredFrom is { } origin ? Audio.Dataset.DataRoot.ParseSplit(origin.Split) : Audio.Dataset.DataSplit.Dev;
            var root = result.GetValue(data) is { } d ? Audio.Dataset.DataRoot.Resolve(d, split).Folder : null;
            var results = result.GetValue(json) // --json stays one object: no progress lines before it
                ? await recomputer.RecomputeAsync(m, selected, root, ct)
                : await RunDisplay.ShowAsync(Recomputer.ShardCount(m, selected), json: false, Console.Out,
                    observer => recomputer.RecomputeAsync(m, selected, root, ct, observer), session, ct);
            var mismatches = results.Where(r => !r.Matches).ToList();
            if (result.GetValue(json))
                Console.WriteLine(JsonLines.Serialize(new { shards = results.Count, ok = mismatches.Count == 0, results }));
            else
            {
                foreach (var r in results)
                    foreach (var o in r.Outputs.Where(o => !o.Matches || o.Detail != "byte-identical"))
                        Console.WriteLine($"{r.Stage}/{r.Shard}:{o.Port} [{r.Determinism}] {(o.Matches ? "ok" : "DIFFERS")}: {o.Detail}");
                var artifacts = results.Sum(r => r.Outputs.Count);
                Console.WriteLine(mismatches.Count == 0
                    ? $"recomputed {results.Count} stage shard(s): all {artifacts} outputs equal the frozen digests ({string.Join(", ", results.Select(r => r.Determinism).Distinct())})"
                    : $"{mismatches.Count} of {results.Count} stage shard(s) differ from the manifest");
            }
            return mismatches.Count == 0 ? 0 : 1;
        });
        return command;
    }

    public static Command Audit()
    {
        var manifest = new Argument<string>("MANIFEST") { Description = "A manifest written by asd freeze" };
        var store = CommonOptions.Store(); var json = CommonOptions.Json();
        var command = new Command("audit", "Prove that no statistic, guard constant or threshold saw a test clip or a label\n\nExample: asd audit out/demo/manifest.json") { manifest, store, json };
        command.SetAction(result =>
        {
            var m = ManifestBuilder.Load(result.GetValue(manifest)!);
            using var session = AsdSession.Open(result.GetValue(store)!, Console.Error.WriteLine);
            var audits = Auditor.Audit(m, session.Store);
            if (result.GetValue(json)) Console.WriteLine(JsonLines.Serialize(audits));
            else
            {
                if (m.InferredFrom is { } o)
                    Console.WriteLine($"evaluation run of {o.Manifest} ({o.Id}) on the {o.Split} split; {(o.Drift.Count == 0 ? "no drift" : $"{o.Drift.Count} accepted difference(s) (--allow-drift)")}");
                Print(audits);
            }
            return audits.Count > 0 && audits.All(a => a.Leaks.Count == 0 && a.Statistics.Count > 0) ? 0 : 1;
        });
        return command;
    }

    public static void Print(IReadOnlyList<SystemAudit> audits)
    {
        if (audits.Count == 0) Console.WriteLine("no system (no stage outputs a decision threshold): nothing to audit");
        foreach (var a in audits)
        {
            var kinds = a.Statistics.GroupBy(s => ArtifactRef.Parse(s).Port).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
            if (a.Leaks.Count == 0)
                Console.WriteLine($"{a.System}: OK — {string.Join(", ", kinds)}; their input closure ({a.ClosureSize} artifacts) reaches the data set only through the train inventories of {string.Join(", ", a.TrainSources)}; no test clip, no label");
                if (a.TrainScores is { Count: > 0 } protocols) Console.WriteLine($"  train scores: {string.Join("; ", protocols)}");
            else
            {
                Console.WriteLine($"{a.System}: LEAK — {a.Leaks.Count} path(s) from a statistic to test data:");
                foreach (var leak in a.Leaks) Console.WriteLine($"  {leak}");
            }
        }
    }

    private sealed class NullObserver : IRunObserver
    {
        public void ShardFinished(ShardEvent e) { }
    }
}

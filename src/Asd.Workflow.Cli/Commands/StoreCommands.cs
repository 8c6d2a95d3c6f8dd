using System.CommandLine;
using Asd.Workflow.Cli.Composition;
using Asd.Workflow.Cli.Output;
using Asd.Workflow.Store.Gc;
using Asd.Workflow.Store.Index;

namespace Asd.Workflow.Cli.Commands;

/// <summary><c>asd gc</c>, <c>asd store stats</c>, <c>asd store reindex</c>.</summary>
internal static partial class StoreCommands
{
    public static Command Gc()
    {
        var store = CommonOptions.Store();
        var dryRun = new Option<bool>("--dry-run") { Description = "List the objects and bytes gc would free; delete nothing" };
        var keepRuns = new Option<int>("--keep-runs") { Description = "Runs per workflow whose outputs are kept besides the manifests", DefaultValueFactory = _ => 5 };
        var manifests = new Option<string>("--manifests") { Description = "Manifest folder: every manifest in it is a root too", DefaultValueFactory = _ => "manifests" };
        var force = new Option<bool>("--force") { Description = "Collect even when the store has no run history and no frozen manifest (deletes every object)" };
        var command = new Command("gc", "Delete objects no gc root in the store (last runs, frozen manifests) reaches\n\nExample: asd gc --dry-run") { store, dryRun, keepRuns, manifests, force };
        command.SetAction(result =>
        {
            using var session = AsdSession.Open(result.GetValue(store)!, Console.Error.WriteLine);
            var plan = GarbageCollector.Plan(session.Store, session.Index,
                new GcOptions(result.GetValue(keepRuns), result.GetValue(manifests), result.GetValue(force)));
            var dry = result.GetValue(dryRun);
            var total = plan.Dead.Count + plan.Live; // the count `asd store stats` shows
            var kinds = GcKinds.Summarize(plan);
            if (!dry) GarbageCollector.Sweep(session.Store, plan);
            Console.WriteLine($"{(dry ? "would delete" : "deleted")} {plan.Dead.Count} of {total} object(s), {plan.Bytes / 1e6:0.0} MB ({plan.Bytes} bytes); {(dry ? "would keep" : "kept")} {plan.Live} reachable from {plan.Roots} root(s)");
            foreach (var kind in kinds) Console.WriteLine($"  {kind.Kind,-44} {kind.Objects,7} object(s) {kind.Bytes / 1e6,9:0.0} MB");
            if (dry && OutputSettings.Current.Verbose) foreach (var (digest, bytes) in plan.Dead) Console.WriteLine($"  {digest} {bytes} bytes");
            return 0;
        });
        return command;
    }

    public static Command Store()
    {
        var command = new Command("store", "Inspect or rebuild the store index\n\nExample: asd store stats --json");
        var storeOption = CommonOptions.Store();
        var statsJson = CommonOptions.Json();
        var stats = new Command("stats", "Objects, bytes, executions, runs\n\nExample: asd store stats --store store") { storeOption, statsJson };
        stats.SetAction(result =>
        {
            using var session = AsdSession.Open(result.GetValue(storeOption)!, Console.Error.WriteLine);
            var objects = session.Store.List().ToList();
            if (result.GetValue(statsJson))
            {
                Console.WriteLine(JsonLines.Serialize(new
                {
                    store = session.Store.Root, objects = objects.Count, bytes = objects.Sum(session.Store.Size),
                    executions = session.Index.Executions().Count, artifacts = session.Index.ArtifactCount, runs = session.Index.Runs().Count,
                }));
                return 0;
            }
            Console.WriteLine($"store      {session.Store.Root}");
            Console.WriteLine($"objects    {objects.Count} ({objects.Sum(session.Store.Size) / 1e6:0.0} MB)");
            Console.WriteLine($"executions {session.Index.Executions().Count}");
            Console.WriteLine($"artifacts  {session.Index.ArtifactCount}");
            Console.WriteLine($"runs       {session.Index.Runs().Count}");
            return 0;
        });
        var reindexStore = CommonOptions.Store();
        var reindex = new Command("reindex", "Rebuild the index from the objects into a new file that replaces the old one (works on a damaged index)\n\nExample: asd store reindex --store store") { reindexStore };
        reindex.SetAction(result =>
        {
            using var session = AsdSession.Open(result.GetValue(reindexStore)!, Console.Error.WriteLine);
            var outcome = session.Reindex();
            Console.WriteLine($"reindexed {outcome.Executions} execution record(s); kept {outcome.Runs} run(s) and {outcome.StageStates} stage state(s)");
            return 0;
        });
        command.Add(stats);
        command.Add(reindex);
        command.Add(StoreVerifyCommand.Create());
        return command;
    }
}

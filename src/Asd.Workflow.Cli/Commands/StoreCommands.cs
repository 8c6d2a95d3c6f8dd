using System.CommandLine;
using Asd.Workflow.Cli.Composition;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Core.Provenance;
using Asd.Workflow.Store.Index;

namespace Asd.Workflow.Cli.Commands;

/// <summary><c>asd gc</c>, <c>asd store stats</c>, <c>asd store reindex</c>.</summary>
internal static partial class StoreCommands
{
    public static Command Gc()
    {
        var store = CommonOptions.Store();
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be deleted; delete nothing" };
        var keepRuns = new Option<int>("--keep-runs") { Description = "Runs whose outputs are kept besides the manifests (default 5)", DefaultValueFactory = _ => 5 };
        var manifests = new Option<string>("--manifests") { Description = "Manifest folder: every manifest is a root (default manifests)", DefaultValueFactory = _ => "manifests" };
        var command = new Command("gc", "Delete objects not reachable from manifests/*.json or the last runs") { store, dryRun, keepRuns, manifests };
        command.SetAction(result =>
        {
            using var session = AsdSession.Open(result.GetValue(store)!, Console.Error.WriteLine);
            var roots = new HashSet<Digest>();
            var dir = result.GetValue(manifests)!;
            if (Directory.Exists(dir))
                foreach (var file in Directory.GetFiles(dir, "*.json"))
                    foreach (var (_, digest) in ManifestBuilder.Load(file).NamedObjects()) roots.Add(Digest.Parse(digest));
            var executions = session.Index.Executions().ToDictionary(e => e.CacheKey);
            foreach (var run in session.Index.Runs().TakeLast(result.GetValue(keepRuns)))
                foreach (var key in run.ExecutionKeys)
                    if (executions.TryGetValue(key, out var e))
                    {
                        roots.Add(Digest.Of(CanonicalJson.Serialize(e)));
                        foreach (var o in e.Outputs) roots.Add(Digest.Parse(o.Digest));
                    }
            var live = ObjectReferences.Reachable(session.Store, roots);
            var dead = session.Store.List().Where(d => !live.Contains(d)).ToList();
            long bytes = dead.Sum(d => session.Store.Size(d));
            if (!result.GetValue(dryRun)) foreach (var d in dead) session.Store.Delete(d);
            Console.WriteLine($"{(result.GetValue(dryRun) ? "would delete" : "deleted")} {dead.Count} object(s), {bytes / 1e6:0.0} MB; kept {live.Count} reachable from {roots.Count} root(s)");
            return 0;
        });
        return command;
    }

    public static Command Store()
    {
        var command = new Command("store", "Inspect or rebuild the store index");
        var storeOption = CommonOptions.Store();
        var stats = new Command("stats", "Objects, bytes, executions, runs") { storeOption };
        stats.SetAction(result =>
        {
            using var session = AsdSession.Open(result.GetValue(storeOption)!, Console.Error.WriteLine);
            var objects = session.Store.List().ToList();
            Console.WriteLine($"store      {session.Store.Root}");
            Console.WriteLine($"objects    {objects.Count} ({objects.Sum(session.Store.Size) / 1e6:0.0} MB)");
            Console.WriteLine($"executions {session.Index.Executions().Count}");
            Console.WriteLine($"artifacts  {session.Index.ArtifactCount}");
            Console.WriteLine($"runs       {session.Index.Runs().Count}");
            return 0;
        });
        var reindexStore = CommonOptions.Store();
        var reindex = new Command("reindex", "Rebuild the index from the objects into a new file that replaces the old one (works on a damaged index)") { reindexStore };
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

using System.CommandLine;
using Asd.Workflow.Cli.Composition;
using Asd.Workflow.Slurm.Worker;
using Asd.Workflow.Store.Objects;

namespace Asd.Workflow.Cli.Commands;

/// <summary>
/// <c>asd exec-shard --store S REQUEST…</c> (hidden): the inside of a Slurm job. Runs each shard request against
/// the shared store without its lock or index (the coordinator holds both) and writes each result file. Exit 0
/// when every shard succeeded, 1 when one failed (its result says why).
/// </summary>
internal static class ExecShardCommand
{
    public static Command Create()
    {
        var store = new Option<string>("--store") { Description = "The shared store folder", Required = true };
        var requests = new Argument<string[]>("REQUEST") { Description = "Request files written by the coordinator", Arity = ArgumentArity.OneOrMore };
        var command = new Command("exec-shard", "Run stage shards for a Slurm job (used by --executor slurm)\n\nExample: asd exec-shard --store /shared/store /shared/store/slurm/RUN/1.request.json") { store, requests };
        command.Hidden = true;
        command.SetAction(async (result, ct) =>
        {
            var root = Path.GetFullPath(result.GetValue(store)!);
            var objects = new FileSystemArtifactStore(root);
            var worker = new ShardWorker(ActivityCatalog.Create(EncoderCatalog.Create(Console.Error.WriteLine, root)), objects);
            var failed = 0;
            foreach (var request in result.GetValue(requests)!)
            {
                Console.Error.WriteLine($"asd exec-shard: {request}");
                if (!await worker.RunAsync(request, ct)) failed++;
            }
            return failed == 0 ? 0 : 1;
        });
        return command;
    }
}

using Asd.Workflow.Cli.Output;
using System.CommandLine;
using System.Text.Json;
using Asd.Workflow.Cli.Composition;
using Asd.Workflow.Core.Engine;

namespace Asd.Workflow.Cli.Commands;

/// <summary><c>asd status WORKFLOW</c>: per shard, up to date or why it would run.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var workflow = CommonOptions.Workflow();
        var data = CommonOptions.Data(); var set = CommonOptions.Set(); var store = CommonOptions.Store(); var json = CommonOptions.Json();
        var onlyStale = new Option<bool>("--only-stale") { Description = "List only the shards that would run" };
        var command = new Command("status", "Say per stage shard whether it is up to date, or why it would run\n\nExample: asd status workflows/demo.yaml --data out/demo/data --only-stale") { workflow, data, set, store, json, onlyStale };
        command.SetAction(async (result, _) =>
        {
            using var session = AsdSession.Open(result.GetValue(store)!, Console.Error.WriteLine);
            var invocation = WorkflowInvocation.Load(session, result.GetValue(workflow)!, CommonOptions.Variables(result.GetValue(data), result.GetValue(set)), Environment.ProcessorCount);
            var summary = await invocation.Runner().RunAsync(invocation.Workflow, invocation.Dataset, new RunSettings(DryRun: true), new SilentObserver());
            foreach (var e in summary.Events.Where(e => !result.GetValue(onlyStale) || e.Status != ShardStatus.Cached))
            {
                var upToDate = e.Status == ShardStatus.Cached;
                if (result.GetValue(json))
                    Console.WriteLine(JsonLines.Serialize(new { stage = e.Stage, shard = e.Shard, up_to_date = upToDate, reasons = e.Reasons }));
                else
                    Console.WriteLine($"{e.Stage,-16} {e.Shard,-20} {(upToDate ? "up to date" : "would run: " + string.Join("; ", e.Reasons))}");
            }
            if (!result.GetValue(json)) Console.WriteLine($"{summary.Cached} up to date, {summary.WouldRun} would run");
            return 0;
        });
        return command;
    }

    private sealed class SilentObserver : IRunObserver
    {
        public void ShardFinished(ShardEvent e) { }
    }
}

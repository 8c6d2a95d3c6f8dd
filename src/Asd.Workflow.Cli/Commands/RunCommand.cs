using System.CommandLine;
using System.Text.Json;
using Asd.Workflow.Cli.Composition;
using Asd.Workflow.Cli.Output;
using Asd.Workflow.Core.Engine;

namespace Asd.Workflow.Cli.Commands;

/// <summary><c>asd run WORKFLOW</c>: runs ready shards in parallel; cached shards are not executed.</summary>
internal static class RunCommand
{
    public static Command Create(Configuration.AsdConfig config)
    {
        var workflow = CommonOptions.Workflow();
        var data = CommonOptions.Data(); var set = CommonOptions.Set(); var store = CommonOptions.Store();
        var jobs = CommonOptions.Jobs(); var json = CommonOptions.Json();
        var force = new Option<string[]>("--force") { Description = "Re-execute these stages (all when no stage is named), ignoring the cache", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = true };
        var downstream = new Option<bool>("--downstream") { Description = "With --force: also re-execute every stage downstream" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would run and why; execute nothing" };
        var output = new Option<string?>("--out") { Description = "Write package folders and reports of the run here" };
        var command = new Command("run", "Run a workflow: every stage shard whose inputs, options or implementation changed\n\nExample: asd run workflows/demo.yaml --data out/demo/data --jobs 2") { workflow, data, set, store, jobs, force, downstream, dryRun, json, output };
        var rehash = new Option<bool>("--rehash") { Description = "Re-read every data-set file, trusting neither the stat cache nor a remembered listing" };
        command.Add(rehash);
        var executor = new Option<string>("--executor") { Description = "Where shards execute: local, or slurm (one job per shard or batch; see docs/slurm.md)", DefaultValueFactory = _ => config.Executor ?? "local" };
        executor.AcceptOnlyFromAmong("local", "slurm");
        var partition = new Option<string?>("--slurm-partition") { Description = "Slurm partition for the jobs (default: asd.yaml's slurm.partition, else the cluster's)" };
        var account = new Option<string?>("--slurm-account") { Description = "Slurm account charged for the jobs" };
        command.Add(executor); command.Add(partition); command.Add(account);
        var remoteCache = new RemoteCacheOptions();
        remoteCache.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            Interrupt.Cooperate();
            var variables = CommonOptions.Variables(result.GetValue(data), result.GetValue(set));
            if (result.GetValue(output) is { } outFolder) Core.Paths.OwnedFolder.Check(outFolder, "--out"); // refused before the run, not after
            if (!result.GetValue(json)) CommonOptions.AnnounceData(result.GetValue(data));
            var remoteSettings = remoteCache.Settings(result); // checked before the store opens
            var tool = RunStamp.Tool(); // the binaries this run started with: a rebuild during the run shows next time
            RunStamp? stamp;
            int exitCode;
            using (var session = AsdSession.Open(result.GetValue(store)!, Console.Error.WriteLine))
            using (var remote = RemoteCacheOptions.Open(remoteSettings, session))
            {
                PhaseTrace.Mark("store opened");
                await SlurmComposition.SweepOrphansAsync(session.Store.Root, Console.Error.WriteLine, ct);
                var invocation = WorkflowInvocation.Load(session, result.GetValue(workflow)!, variables, result.GetValue(jobs), result.GetValue(rehash));
                var forced = result.GetResult(force) is null ? null : result.GetValue(force) ?? [];
                var settings = new RunSettings(result.GetValue(jobs), forced, result.GetValue(downstream), result.GetValue(dryRun));
                Slurm.SlurmExecutor? slurm = null;
                if (result.GetValue(executor) == "slurm" && !settings.DryRun)
                {
                    var slurmSettings = SlurmComposition.Settings(config, result.GetValue(partition), result.GetValue(account),
                        result.GetResult(jobs) is { Implicit: false } ? result.GetValue(jobs) : null);
                    slurm = await Slurm.SlurmExecutor.StartAsync(slurmSettings, new Slurm.Jobs.SlurmCommands(), session.Store.Root, SlurmComposition.SelfCommand(), ct);
                    // The runner's gate counts shards; the executor bounds jobs in flight, each up to a batch of shards.
                    var batch = Math.Max(slurmSettings.Batch, invocation.Workflow.Stages.Max(s => s.Resources.Batch));
                    settings = settings with { Jobs = slurmSettings.MaxJobs * batch };
                }
                RunSummary summary;
                await using (slurm)
                    summary = await invocation.RunAsync(settings, result.GetValue(json), Console.Out, ct, remote, slurm);
                PhaseTrace.Mark("planned and ran");
                Report(summary, result.GetValue(json), settings.DryRun);
                RemoteCacheOptions.Report(remote, result.GetValue(json));
                if (result.GetValue(output) is { } outDir && summary.Failed == 0 && !settings.DryRun)
                    foreach (var path in invocation.Materialize(outDir)) if (!result.GetValue(json)) Console.WriteLine($"wrote {path}");
                stamp = settings.DryRun || summary.Failed > 0 || summary.Skipped > 0 ? null
                    : Stamp(invocation, summary, tool) is { } made ? made with { SharedWith = SharedWith(remote) } : null;
                exitCode = summary.ExitCode;
            }
            // Written once the index is closed, so the stamp sees the index files as the next run will.
            if (stamp is not null)
                stamp.With([.. stamp.Files, .. RunStamp.IndexFiles(result.GetValue(store)!)])
                    .Write(RunStamp.PathFor(result.GetValue(store)!, result.GetValue(workflow)!, variables));
            return exitCode;
        });
        return command;
    }

    /// <summary>
    /// The run stamp of a finished run, from what it loaded at its start: the tool, the workflow and configuration
    /// files as read, and each stage identity's environment facts and dependency files (the same list as the keys).
    /// </summary>
    private static RunStamp? Stamp(WorkflowInvocation invocation, RunSummary summary, IReadOnlyList<StampedFile> tool)
    {
        if (invocation.DatasetFingerprint is null) return null;
        var loaded = invocation.LoadedFiles.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var dependencies = summary.Identities.Values.SelectMany(i => i.Files).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).Select(path => loaded.GetValueOrDefault(path) ?? StampedFile.Stat(path));
        var facts = summary.Identities.Values.Where(i => i.Environment.Count > 0).Select(i => i.Environment)
            .DistinctBy(f => string.Join('\n', f.Select(p => $"{p.Key}={p.Value}"))).ToList();
        var outputs = invocation.CurrentOutputs().Select(o => o.Output.Digest).Distinct().Order(StringComparer.Ordinal).ToList();
        return new RunStamp(invocation.Workflow.Name, summary.Ran + summary.Cached,
            Path.GetFullPath(invocation.Workflow.Dataset!), invocation.DatasetFingerprint,
            [.. tool, invocation.LoadedFiles[0], .. dependencies], outputs) { Facts = facts };
    }

    /// <summary>The team cache this run left holding every shard's record (uploads on, available to the end, nothing unshared), else null.</summary>
    private static string? SharedWith(Store.Remote.HttpRemoteCache? remote) =>
        remote is { Uploads: true, IsAvailable: true, Stats.Unshared: 0 } ? RunStamp.RemoteId(remote.Settings) : null;

    public static void Report(RunSummary summary, bool json, bool dryRun)
    {
        if (json)
        {
            Console.WriteLine(JsonLines.Serialize(new { @event = "summary", ran = summary.Ran, cached = summary.Cached, failed = summary.Failed, skipped = summary.Skipped, would_run = summary.WouldRun }));
            return;
        }
        foreach (var note in summary.Notes.Where(n => n.Contains("skipped", StringComparison.Ordinal) || n.Contains("no score", StringComparison.Ordinal))) Console.WriteLine("  " + note);
        Console.WriteLine(dryRun
            ? $"dry run: {summary.WouldRun} shard(s) would run, {summary.Cached} up to date"
            : summary.Ran == 0 && summary.Failed == 0 && summary.Skipped == 0
                ? $"nothing to do: all {summary.Cached} shard(s) up to date"
                : $"ran {summary.Ran}, cached {summary.Cached}, failed {summary.Failed}" + (summary.Skipped > 0 ? $", skipped {summary.Skipped} (upstream failed)" : ""));
    }
}

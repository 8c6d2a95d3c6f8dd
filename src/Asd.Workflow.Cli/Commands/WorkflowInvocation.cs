using Asd.Workflow.Cli.Composition;
using Asd.Workflow.Cli.Output;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Paths;
using Asd.Workflow.Evaluation.Activities.Package;
using Asd.Workflow.Store.Gc;

namespace Asd.Workflow.Cli.Commands;

/// <summary>A loaded workflow over a scanned data set in an open session: what run, status, freeze and demo share.</summary>
internal sealed class WorkflowInvocation(AsdSession session, WorkflowDefinition workflow, DatasetSnapshot dataset, string? datasetFingerprint,
    IReadOnlyList<StampedFile> loadedFiles)
{
    /// <summary>The workflow file as read, and the files its stages' configuration was read from, as they were at load time.</summary>
    public IReadOnlyList<StampedFile> LoadedFiles => loadedFiles;

    /// <summary>The listing fingerprint the data set had when it was scanned for this invocation.</summary>
    public string? DatasetFingerprint => datasetFingerprint;
    public AsdSession Session => session;
    public WorkflowDefinition Workflow => workflow;
    public DatasetSnapshot Dataset => dataset;

    public static WorkflowInvocation Load(AsdSession session, string workflowPath, IReadOnlyDictionary<string, string> variables, int jobs, bool rehash = false)
    {
        var workflow = session.LoadWorkflow(workflowPath, variables, out var loaded);
        var files = workflow.Stages.SelectMany(s => session.Registry.Get(s.Uses).DependencyFiles(s.TypedOptions))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(StampedFile.Stat).Prepend(loaded).ToList();
        PhaseTrace.Mark("workflow loaded");
        var dataset = session.ScanDataset(workflow, jobs, out var fingerprint, out var hashed, rehash);
        PhaseTrace.Mark($"data set checked, {hashed} file(s) hashed,");
        return new WorkflowInvocation(session, workflow, dataset, fingerprint, files);
    }

    public WorkflowRunner Runner() => new(session.Registry, session.Store, session.Index, new InProcessExecutor());

    /// <summary>Runs the workflow; a successful run registers a gc root in the store (its executions and their outputs).</summary>
    public async Task<RunSummary> RunAsync(RunSettings settings, bool json, TextWriter output, CancellationToken ct = default)
    {
        var runner = Runner();
        var summary = await RunDisplay.ShowAsync(ShardCount(), json, output,
            observer => runner.RunAsync(workflow, dataset, settings, observer, ct), session, ct);
        if (!settings.DryRun && summary.Failed == 0 && summary.Skipped == 0) RecordRoot(summary);
        return summary;
    }

    /// <summary>The run's stage shards: one per stage and shard, one per whole-set stage.</summary>
    public int ShardCount() => workflow.Stages.Sum(s => session.Registry.Get(s.Uses).Scope == ActivityScope.WholeSet ? 1 : dataset.Shards.Count);

    private void RecordRoot(RunSummary summary)
    {
        var objects = summary.Events
            .Where(e => e.Key is not null && e.Status is ShardStatus.Ran or ShardStatus.Cached)
            .Select(e => session.Index.FindExecution(Digest.Parse(e.Key!)))
            .OfType<ExecutionRecord>()
            .SelectMany(GcRoots.ObjectsOf);
        new GcRoots(session.Store.Root).AddRun(workflow.Name, objects);
    }

    /// <summary>Outputs of the last recorded executions of this workflow's stage shards, by stage.</summary>
    public IEnumerable<(string Stage, string Shard, RecordedOutput Output)> CurrentOutputs()
    {
        foreach (var stage in workflow.Stages)
        {
            var shards = session.Registry.Get(stage.Uses).Scope == ActivityScope.WholeSet ? [Shard.All] : dataset.Shards;
            foreach (var shard in shards)
            {
                var state = session.Index.FindStageState(workflow.Name, stage.Name, shard.ToString());
                if (state is null || session.Index.FindExecution(Digest.Parse(state.CacheKey)) is not { } record) continue;
                foreach (var output in record.Outputs) yield return (stage.Name, shard.ToString(), output);
            }
        }
    }

    /// <summary>
    /// Writes package trees and reports of the current run under <paramref name="directory"/>, which must be
    /// absent, empty or asd's (marked); each package folder is replaced only when asd wrote it. Every target is
    /// checked before anything is written, so a refusal leaves the folder as it was.
    /// </summary>
    public IReadOnlyList<string> Materialize(string directory)
    {
        const string option = "--out";
        var outputs = CurrentOutputs().Where(o => o.Output.MediaType is MediaTypes.Tree or MediaTypes.Markdown
            || o.Output.MediaType == Evaluation.Activities.Evaluate.EvaluateActivity.CurvesMediaType).ToList();
        OwnedFolder.Check(directory, option);
        foreach (var (stage, _, _) in outputs.Where(o => o.Output.MediaType == MediaTypes.Tree))
            OwnedFolder.Check(ConfinedPath.Resolve(directory, stage), option);
        OwnedFolder.Claim(directory, option);
        var written = new List<string>();
        foreach (var (stage, _, output) in outputs)
        {
            if (output.MediaType == MediaTypes.Tree)
            {
                var target = ConfinedPath.Resolve(directory, stage);
                OwnedFolder.Replace(target, option);
                TreeArtifact.Load(session.Store, Digest.Parse(output.Digest)).Materialize(session.Store, target);
                written.Add(target);
            }
            else if (output.MediaType == MediaTypes.Markdown)
            {
                var path = ConfinedPath.Resolve(directory, $"{stage}.md");
                File.WriteAllBytes(path, session.Store.ReadAll(Digest.Parse(output.Digest)));
                written.Add(path);
            }
            else written.Add(WriteHtmlReport(directory, stage, output, manifestId: null));
        }
        return written;
    }

    /// <summary>Rewrites the HTML reports <see cref="Materialize"/> wrote, with the id of the manifest the run was frozen into.</summary>
    public void WriteHtmlReports(string directory, string manifestId)
    {
        foreach (var (stage, _, output) in CurrentOutputs().Where(o => o.Output.MediaType == Evaluation.Activities.Evaluate.EvaluateActivity.CurvesMediaType))
            WriteHtmlReport(directory, stage, output, manifestId);
    }

    private string WriteHtmlReport(string directory, string stage, RecordedOutput output, string? manifestId)
    {
        var path = ConfinedPath.Resolve(directory, $"{stage}.html");
        var curves = Core.Json.JsonDefaults.Deserialize<Evaluation.Activities.Evaluate.EvaluationCurves>(session.Store.ReadAll(Digest.Parse(output.Digest)));
        var header = new Evaluation.Reports.ReportHeader($"{workflow.Dataset ?? dataset.Root} (inventory {dataset.InventoryDigest})",
            $"{workflow.Name} ({workflow.SourceFile})", manifestId, $"asd {EnvironmentFacts.Software()["asd"]}");
        File.WriteAllText(path, curves.Html(header));
        return path;
    }
}

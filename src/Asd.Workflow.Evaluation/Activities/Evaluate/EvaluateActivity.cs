using System.Text;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Evaluation.Activities.Package;
using Asd.Workflow.Evaluation.Metrics;
using Asd.Workflow.Evaluation.Reports;

namespace Asd.Workflow.Evaluation.Activities.Evaluate;

/// <summary>Options of the evaluate activity (none needed; the metric is fixed by the challenge).</summary>
public sealed record EvaluateOptions
{
    /// <summary>A title for the report.</summary>
    public string Title { get; init; } = "Results";
}

/// <summary>Per system: the official metric over all shards.</summary>
public sealed record EvaluationResults(IReadOnlyList<SystemResult> Systems);

public sealed record SystemResult(string System, OverallResult Result);

/// <summary>Everything the HTML report needs: results, test scores with labels, thresholds.</summary>
public sealed record EvaluationCurves(string Title, IReadOnlyList<SystemResult> Results, IReadOnlyList<SystemCurves> Systems)
{
    public string Html() => HtmlReport.Render(Title, Results.Select(r => (r.System, r.Result)).ToList(), Systems);
}

/// <summary>The value field of a decision-threshold artifact.</summary>
public sealed record ThresholdValue(double Value);

/// <summary>
/// The only activity that reads ground truth: scores every system (its needs) with the official metric and
/// writes the results as JSON, as a Markdown report in the seed's Table 2 form, and per system as the official
/// tool's result CSV (<see cref="OfficialResultCsv"/>; a tree of <c>&lt;system&gt;_result.csv</c>, which
/// <c>asd run --out</c> writes to <c>&lt;out&gt;/&lt;stage&gt;/</c>). Version 2: per-domain precision, recall and F1
/// over that domain's clips only, pAUC per domain, the official CSV.
/// </summary>
public sealed class EvaluateActivity : Activity<EvaluateOptions>
{
    /// <summary>The data the HTML report draws (rendered outside the store by <see cref="HtmlReport"/>).</summary>
    public const string CurvesMediaType = "application/vnd.asd.curves+json";

    public override string Kind => "evaluate";
    public override int Version => 2;
    public override ActivityScope Scope => ActivityScope.WholeSet;
    public override bool ReadsGroundTruth => true;
    public override bool UsesStageNames => true;

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, EvaluateOptions options, CancellationToken ct)
    {
        var truths = context.Inputs.Where(i => i.Port == DatasetSnapshot.TruthPort)
            .ToDictionary(i => i.Shard, i => JsonDefaults.Deserialize<GroundTruth>(context.Read(i)));
        var systems = new List<SystemResult>();
        var curves = new List<SystemCurves>();
        var notes = new List<string>();
        foreach (var stage in context.Inputs.Where(i => i.Port == ClipInventory.Test).Select(i => i.Stage).Distinct())
        {
            var sections = new List<SectionResult>();
            var sectionCurves = new List<SectionCurves>();
            foreach (var input in context.InputsFrom(stage).Where(i => i.Port == ClipInventory.Test))
            {
                var truth = truths[input.Shard];
                var clips = SystemScores.Join(truth, ScoreTable.FromCsv(context.Read(input)).Rows, $"{stage}/{input.Shard}", allowMissing: true);
                if (clips.Count < truth.Entries.Count)
                    notes.Add($"{stage}/{input.Shard}: {truth.Entries.Count - clips.Count} test clip(s) have no score (skipped by decode); evaluated on the other {clips.Count}");
                sections.Add(DcaseMetrics.Section(truth.Machine, truth.Section, clips));
                var threshold = context.Inputs.FirstOrDefault(i => i.Stage == stage && i.Shard == input.Shard && i.Port == "threshold");
                sectionCurves.Add(new SectionCurves(truth.Machine, truth.Section,
                    threshold is null ? null : JsonDefaults.Deserialize<ThresholdValue>(context.Read(threshold)).Value, clips));
            }
            systems.Add(new SystemResult(stage, DcaseMetrics.Overall(sections)));
            curves.Add(new SystemCurves(stage, sectionCurves));
        }
        var refs = context.Inputs.Select(i => i.Ref).ToList();
        var official = new TreeArtifact(systems.Select(s => new TreeEntry($"{s.System}_result.csv",
            context.Store.Put(Encoding.UTF8.GetBytes(OfficialResultCsv.Write(s.Result))).ToString())).ToList());
        var markdown = $"# {options.Title}\n\n" + ResultsTable.Markdown(systems.Select(s => (s.System, s.Result)).ToList());
        return Task.FromResult(new ActivityResult(
        [
            new OutputArtifact("results", context.Store.Put(CanonicalJson.Serialize(new EvaluationResults(systems))), MediaTypes.Json, refs),
            new OutputArtifact("report", context.Store.Put(Encoding.UTF8.GetBytes(markdown)), MediaTypes.Markdown, refs),
            new OutputArtifact("official", official.Store(context.Store), MediaTypes.Tree, refs),
            new OutputArtifact("curves", context.Store.Put(CanonicalJson.Serialize(new EvaluationCurves(options.Title, systems, curves))), CurvesMediaType, refs),
        ], notes));
    }
}

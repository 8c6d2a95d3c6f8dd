using System.ComponentModel.DataAnnotations;
using System.Text;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Evaluation.Activities.Package;
using Asd.Workflow.Evaluation.Metrics;
using Asd.Workflow.Evaluation.Reports;

namespace Asd.Workflow.Evaluation.Activities.Evaluate;

/// <summary>Options of the evaluate activity: the report's title and audit tables (the metric is fixed by the challenge).</summary>
public sealed record EvaluateOptions
{
    /// <summary>A title for the report.</summary>
    public string Title { get; init; } = "Results";

    /// <summary>The system (a stage in needs) whose hardest cells the report lists; empty: the one with the highest official score.</summary>
    [Name(Values = true)] public string Primary { get; init; } = "";

    /// <summary>The system (a stage in needs) the candidate comparison subtracts; empty: the first need.</summary>
    [Name(Values = true)] public string Reference { get; init; } = "";

    /// <summary>Hardest cells listed per metric (lowest target AUC, lowest pAUC); default 3, as the seed's Table 4.</summary>
    [Range(1, 1000)] public int Hardest { get; init; } = AuditTables.DefaultHardest;
}

/// <summary>Per system: the official metric over all shards.</summary>
public sealed record EvaluationResults(IReadOnlyList<SystemResult> Systems);

public sealed record SystemResult(string System, OverallResult Result);

/// <summary>Everything the HTML report needs: results, audit tables, test scores with labels, thresholds.</summary>
public sealed record EvaluationCurves(string Title, IReadOnlyList<SystemResult> Results, AuditTables Audit, IReadOnlyList<SystemCurves> Systems)
{
    /// <summary>The self-contained HTML page; <paramref name="header"/> says what run it shows (not part of the stored artifact).</summary>
    public string Html(ReportHeader header) => HtmlReport.Render(Title, header, Results.Select(r => (r.System, r.Result)).ToList(), Audit, Systems);
}

/// <summary>The value field of a decision-threshold artifact.</summary>
public sealed record ThresholdValue(double Value);

/// <summary>
/// The only activity that reads ground truth: scores every system (its needs) with the official metric and
/// writes the results as JSON and as a Markdown report in the seed's Table 2 form, with a per-machine table and
/// the seed's audit tables: the primary system's hardest cells (Table 4) and the candidate comparison with the
/// target false-positive ratio (Table 3). The HTML report (<c>&lt;stage&gt;.html</c> beside the Markdown under
/// <c>--out</c>) adds figures. Per system it also writes the official tool's result CSV
/// (<see cref="OfficialResultCsv"/>; a tree of <c>&lt;system&gt;_result.csv</c>, which <c>asd run --out</c> writes to
/// <c>&lt;out&gt;/&lt;stage&gt;/</c>).
/// </summary>
public sealed class EvaluateActivity : Activity<EvaluateOptions>
{
    /// <summary>The data the HTML report draws (rendered outside the store by <see cref="HtmlReport"/>).</summary>
    public const string CurvesMediaType = "application/vnd.asd.curves+json";

    public override string Kind => "evaluate";
    // 2: audit tables (hardest cells, candidate comparison) in the report; 3: per-domain precision, recall and F1 over
    // that domain's clips only, pAUC per domain, the official result CSVs; 4: pAUC source and target in the
    // report's per-machine table.
    public override int Version => 4;
    public override ActivityScope Scope => ActivityScope.WholeSet;
    public override bool ReadsGroundTruth => true;
    public override bool UsesStageNames => true;

    protected override IEnumerable<string> Validate(EvaluateOptions options, IReadOnlyList<string> needs)
    {
        foreach (var (name, value) in new[] { ("primary", options.Primary), ("reference", options.Reference) })
            if (value.Length > 0 && !needs.Contains(value))
                yield return $"{name} '{value}' is not one of its needs ({string.Join(", ", needs)})";
    }

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
        var named = systems.Select(s => (s.System, s.Result)).ToList();
        var audit = AuditTables.Of(named, options.Primary, options.Reference, options.Hardest);
        var markdown = $"# {options.Title}\n\n" + ResultsTable.Markdown(named, audit);
        return Task.FromResult(new ActivityResult(
        [
            new OutputArtifact("results", context.Store.Put(CanonicalJson.Serialize(new EvaluationResults(systems))), MediaTypes.Json, refs),
            new OutputArtifact("report", context.Store.Put(Encoding.UTF8.GetBytes(markdown)), MediaTypes.Markdown, refs),
            new OutputArtifact("official", official.Store(context.Store), MediaTypes.Tree, refs),
            new OutputArtifact("curves", context.Store.Put(CanonicalJson.Serialize(new EvaluationCurves(options.Title, systems, audit, curves))), CurvesMediaType, refs),
        ], notes));
    }
}

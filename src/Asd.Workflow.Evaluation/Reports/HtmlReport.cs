using System.Net;
using System.Text;
using Asd.Workflow.Evaluation.Metrics;

namespace Asd.Workflow.Evaluation.Reports;

/// <summary>What the HTML report draws for one (system, machine, section).</summary>
public sealed record SectionCurves(string Machine, string Section, double? Threshold, IReadOnlyList<LabeledScore> Clips);

public sealed record SystemCurves(string System, IReadOnlyList<SectionCurves> Sections);

/// <summary>What run a report shows: given by the command that writes the page, never read from a clock.</summary>
/// <param name="ManifestId">The frozen manifest's id (its SHA256), or null when the run is not frozen.</param>
public sealed record ReportHeader(string Dataset, string Workflow, string? ManifestId, string AsdVersion);

/// <summary>
/// One self-contained HTML page per run: a header (data set, workflow, manifest id, asd version), a table of
/// contents, the summary table with the best value per column marked and each metric explained in one line,
/// the per-machine table, the audit tables (<see cref="AuditTables"/>), and per machine one ROC plot with every
/// system and the systems' score histograms side by side (<see cref="ReportFigures"/>, PNGs inlined as data
/// URIs with alt text). A pure function of its arguments: same inputs, same bytes.
/// </summary>
public static class HtmlReport
{
    /// <summary>Summary columns: header, one-line meaning, value, and whether higher is better.</summary>
    private static readonly (string Name, string Meaning, Func<OverallResult, double?> Value, bool Higher)[] Columns =
    [
        ("H", "official score: harmonic mean over all sections of AUC (source), AUC (target) and pAUC", r => r.OfficialScore, true),
        ("mean AUC", "arithmetic mean of the source and target AUCs over sections", r => r.MeanAuc, true),
        ("mean pAUC", $"arithmetic mean over sections of the AUC on false-positive rates up to {DcaseMetrics.MaxFpr} (McClish-standardised)", r => r.MeanPauc, true),
        ("source AUC", "source-domain normal clips against all anomalies of the section, mean over sections", r => r.MeanAucSource, true),
        ("target AUC", "target-domain normal clips against all anomalies of the section, mean over sections", r => r.MeanAucTarget, true),
        ("target FP ratio", "share of target-domain normal test clips decided anomalous at the train-normal threshold (a diagnostic, not official)", r => r.TargetFpRatio, false),
    ];

    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:1200px;padding:0 1em;color:#222}" +
        "table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}" +
        "th{background:#eee}td:first-child,th:first-child{text-align:left}td.best{font-weight:bold;background:#e3f4e3}" +
        "dl.meta{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dl.meta dd{margin:0;overflow-wrap:anywhere}" +
        "dl.metrics{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dl.metrics dt{font-weight:bold}dl.metrics dd{margin:0}" +
        ".tables{display:flex;flex-wrap:wrap;gap:0 24px}.tables h3{margin:.3em 0}" +
        ".figs{display:flex;flex-wrap:wrap;gap:8px}figure{margin:0}img{max-width:100%;height:auto}figcaption{font-size:.85em;color:#555}";

    public static string Render(string title, ReportHeader header, IReadOnlyList<(string System, OverallResult Result)> results,
        AuditTables audit, IReadOnlyList<SystemCurves> curves)
    {
        var machines = results.SelectMany(r => r.Result.Sections).Select(s => (s.Machine, s.Section)).Distinct()
            .OrderBy(m => m.Machine, StringComparer.Ordinal).ThenBy(m => m.Section, StringComparer.Ordinal).ToList();
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{E(title)}</title><style>{Style}</style></head><body>\n")
            .Append($"<h1>{E(title)}</h1>\n<dl class=\"meta\" id=\"run\"><dt>data set</dt><dd>{E(header.Dataset)}</dd><dt>workflow</dt><dd>{E(header.Workflow)}</dd>")
            .Append($"<dt>manifest</dt><dd>{(header.ManifestId is { } id ? $"<code>{E(id)}</code>" : "not frozen (<code>asd freeze</code> records one)")}</dd>")
            .Append($"<dt>asd</dt><dd>{E(header.AsdVersion)}</dd></dl>\n");
        html.Append("<nav id=\"contents\"><h2>Contents</h2><ol><li><a href=\"#summary\">Summary</a></li><li><a href=\"#machines\">Per machine</a></li>")
            .Append($"<li><a href=\"#hardest\">Hardest cells</a></li><li><a href=\"#candidates\">Candidate comparison</a></li><li><a href=\"#figures\">Figures</a><ol>");
        foreach (var (machine, section) in machines) html.Append($"<li><a href=\"#{Anchor(machine, section)}\">{E(machine)} section {E(section)}</a></li>");
        html.Append("</ol></li></ol></nav>\n");

        html.Append("<h2 id=\"summary\">Summary</h2>\n<p>The official DCASE Task 2 metric on the test split; the best value per column is <b>bold</b>.</p>\n");
        AppendTable(html, "summary-table", "System", results.Select(r => (r.System, Columns.Select(c => c.Value(r.Result)).ToArray())).ToList());
        html.Append("<dl class=\"metrics\">");
        foreach (var c in Columns) html.Append($"<dt>{E(c.Name)}</dt><dd>{E(c.Meaning)}{(c.Higher ? "" : "; lower is better")}.</dd>");
        html.Append("</dl>\n");

        html.Append("<h2 id=\"machines\">Per machine</h2>\n<p>Each machine's cells per system; the best value per column within a machine is <b>bold</b>.</p>\n");
        html.Append("<div class=\"tables\">");
        foreach (var (machine, section) in machines)
        {
            html.Append($"<div><h3>{E(machine)} section {E(section)}</h3>\n");
            var rows = results.Select(r => (r.System, Cell: r.Result.Sections.FirstOrDefault(s => s.Machine == machine && s.Section == section)))
                .Where(r => r.Cell is not null)
                .Select(r => (r.System, new double?[] { r.Cell!.AucSource, r.Cell.AucTarget, r.Cell.Pauc, ResultsTable.Cell(r.Cell.PaucSource), ResultsTable.Cell(r.Cell.PaucTarget), r.Cell.TargetFpRatio })).ToList();
            AppendTable(html, $"machine-{Anchor(machine, section)}", "System", rows, ["AUC source", "AUC target", "pAUC", "pAUC source", "pAUC target", "target FP ratio"], [true, true, true, true, true, false]);
            html.Append("</div>");
        }
        html.Append("</div>\n");

        html.Append($"<h2 id=\"hardest\">Hardest cells of {E(audit.Primary)}</h2>\n<p>{E(ResultsTable.HardestCaption(audit))}</p>\n")
            .Append("<table id=\"hardest-table\"><tr><th>Cell</th><th>Machine</th><th>Section</th><th>Value</th></tr>");
        foreach (var c in audit.Hardest)
            html.Append($"<tr><td>{E(c.Metric)}</td><td>{E(c.Machine)}</td><td>{E(c.Section)}</td><td>{ResultsTable.F(c.Value)}</td></tr>");
        html.Append("</table>\n");

        html.Append($"<h2 id=\"candidates\">Candidate comparison</h2>\n<p>{E(ResultsTable.CandidatesCaption(audit))}</p>\n")
            .Append("<table id=\"candidates-table\"><tr><th>Candidate</th><th>H</th><th>mean AUC</th><th>mean pAUC</th><th>target FP ratio</th><th>ΔH</th><th>Δ mean pAUC</th><th>Δ target FP</th></tr>");
        foreach (var c in audit.Candidates)
            html.Append($"<tr><td>{E(c.System)}</td><td>{ResultsTable.F(c.H)}</td><td>{ResultsTable.F(c.MeanAuc)}</td><td>{ResultsTable.F(c.MeanPauc)}</td><td>{ResultsTable.F(c.TargetFpRatio)}</td>")
                .Append($"<td>{ResultsTable.Signed(c.DeltaH)}</td><td>{ResultsTable.Signed(c.DeltaPauc)}</td><td>{ResultsTable.Signed(c.DeltaTargetFp)}</td></tr>");
        html.Append("</table>\n");

        html.Append("<h2 id=\"figures\">Figures</h2>\n<p>Per machine: the ROC curves of every system (AUC over all test clips in the legend; the dashed line marks ")
            .Append($"FPR {DcaseMetrics.MaxFpr}, the pAUC limit), then each system's test-score histogram by class and domain with its train-normal decision threshold.</p>\n");
        foreach (var (machine, section) in machines)
        {
            var perSystem = curves.Select(c => (c.System, Curves: c.Sections.FirstOrDefault(s => s.Machine == machine && s.Section == section)))
                .Where(c => c.Curves is not null).Select(c => (c.System, c.Curves!)).ToList();
            html.Append($"<section id=\"{Anchor(machine, section)}\"><h3>{E(machine)} section {E(section)}</h3><div class=\"figs\">");
            html.Append(Figure(ReportFigures.Roc(machine, section, perSystem)));
            foreach (var (system, s) in perSystem) html.Append(Figure(ReportFigures.Histogram(system, s)));
            html.Append("</div></section>\n");
        }
        return html.Append("</body></html>\n").ToString();
    }

    private static void AppendTable(StringBuilder html, string id, string first, IReadOnlyList<(string Name, double?[] Values)> rows,
        IReadOnlyList<string>? headers = null, IReadOnlyList<bool>? higher = null)
    {
        headers ??= Columns.Select(c => c.Name).ToList();
        higher ??= Columns.Select(c => c.Higher).ToList();
        var best = Enumerable.Range(0, headers.Count).Select(i =>
        {
            var values = rows.Select(r => r.Values[i]).OfType<double>().ToList();
            return values.Count == 0 ? (double?)null : higher[i] ? values.Max() : values.Min();
        }).ToArray();
        html.Append($"<table id=\"{id}\"><tr><th>{E(first)}</th>");
        foreach (var h in headers) html.Append($"<th>{E(h)}</th>");
        html.Append("</tr>");
        foreach (var (name, values) in rows)
        {
            html.Append($"<tr><td>{E(name)}</td>");
            // Compared on the exact values: every system that ties for the best is marked.
            for (var i = 0; i < values.Length; i++)
                html.Append(values[i] is { } v && v == best[i] ? $"<td class=\"best\">{ResultsTable.F(v)}</td>" : $"<td>{ResultsTable.F(values[i])}</td>");
            html.Append("</tr>");
        }
        html.Append("</table>\n");
    }

    private static string Figure(ReportFigures.Image image) =>
        $"<figure><img src=\"data:image/png;base64,{Convert.ToBase64String(image.Png)}\" width=\"{image.Width}\" height=\"{image.Height}\" alt=\"{E(image.Alt)}\"></figure>";

    private static string Anchor(string machine, string section) =>
        "m-" + new string($"{machine}-{section}".Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());

    private static string E(string s) => WebUtility.HtmlEncode(s);
}

using System.Globalization;
using System.Text;
using Asd.Workflow.Core.Activities;

namespace Asd.Workflow.Core.Definitions.Reference;

/// <summary>
/// docs/workflows.md: the workflow file reference rendered from <see cref="WorkflowReference"/>. The text is a
/// pure function of the registered activities and their option records (no dates, no paths), so a test can
/// regenerate it and compare bytes.
/// </summary>
public static class WorkflowReferenceMarkdown
{
    /// <summary>The command that rewrites the checked-in file.</summary>
    public const string RegenerateCommand = "./asd schema --format markdown > docs/workflows.md";

    public static string Render(IReadOnlyList<ActivityDoc> activities)
    {
        var md = new StringBuilder();
        md.Append("# Workflow reference\n\n")
          .Append("<!-- Generated from the activities' option records; do not edit by hand. Regenerate with\n")
          .Append($"     `{RegenerateCommand}` (a test fails while this file and the code differ). -->\n\n")
          .Append("A workflow file is YAML: a name, the data set, and a mapping of stages, each using one activity with its\n")
          .Append("options under `with:`. Every scalar may contain variables, `${name}`, set with `--set name=value`\n")
          .Append("(`${data}` with `--data DIR`). The loader reports every problem at once with file:line:column.\n")
          .Append("`asd schema` prints the same rules as a JSON Schema for editors (see [Editor support](#editor-support)).\n\n")
          .Append("## File\n\n| key | meaning |\n|---|---|\n");
        foreach (var (key, meaning) in WorkflowReference.TopKeys) md.Append($"| `{key}` | {Cell(meaning)} |\n");
        md.Append("\n## Stage\n\n| key | meaning |\n|---|---|\n");
        foreach (var (key, meaning) in WorkflowReference.StageKeys) md.Append($"| `{key}` | {Cell(meaning)} |\n");
        md.Append("\n## Activities\n\n");
        foreach (var a in activities) md.Append($"- [`{a.Kind}`](#{a.Kind}): {Cell(FirstSentence(a.Summary))}\n");
        foreach (var a in activities)
        {
            md.Append($"\n### {a.Kind}\n\n");
            if (a.Summary is not null) md.Append(a.Summary).Append("\n\n");
            md.Append(a.Scope == ActivityScope.PerShard ? "Runs once per (machine, section).\n\n" : "Runs once over the whole data set.\n\n");
            if (a.Options.Count == 0) { md.Append("No options.\n"); continue; }
            md.Append("| option | type | default | allowed | meaning |\n|---|---|---|---|---|\n");
            foreach (var o in a.Options)
                md.Append($"| `{o.Name}` | {TypeWord(o.Kind)} | `{Default(o)}` | {Cell(Allowed(o))} | {Cell(o.Meaning ?? "")} |\n");
        }
        md.Append("\n## Editor support\n\n")
          .Append("`asd schema > asd-workflow.schema.json` writes a JSON Schema (draft-07) of workflow files. With VS Code's\n")
          .Append("YAML extension, put `# yaml-language-server: $schema=./asd-workflow.schema.json` on a workflow's first\n")
          .Append("line (or map the schema to `workflows/*.yaml` in `yaml.schemas`) for completion and checks as you type.\n");
        return md.ToString();
    }

    public static string TypeWord(OptionKind kind) => kind switch
    {
        OptionKind.String => "string",
        OptionKind.Integer => "integer",
        OptionKind.Number => "number",
        OptionKind.Boolean => "boolean",
        OptionKind.StringList => "list of strings",
        OptionKind.NumberMap => "mapping of name to number",
        OptionKind.StringMap => "mapping of name to string",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>What the binder accepts beyond the type, in words.</summary>
    public static string Allowed(OptionDoc o)
    {
        var parts = new List<string>();
        if (o.Allowed.Count > 0) parts.Add(string.Join(", ", o.Allowed.Select(v => $"`{v}`")));
        if (o.Minimum is { } min && o.Maximum is { } max) parts.Add($"{Number(min)} to {Number(max)}");
        if (o.NameKeys) parts.Add("keys: names");
        if (o.NameValues) parts.Add(o.Kind == OptionKind.String ? "a name, or empty for none" : "values: names");
        if (parts.Count == 0) parts.Add(o.Kind == OptionKind.Boolean ? "`true`, `false`" : "any");
        return string.Join("; ", parts);
    }

    private static string Default(OptionDoc o) => o.Default?.ToJsonString() ?? "null";

    private static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static string FirstSentence(string? text)
    {
        if (text is null) return "";
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? text : text[..(end + 1)];
    }

    private static string Cell(string text) => text.Replace("|", "\\|");
}

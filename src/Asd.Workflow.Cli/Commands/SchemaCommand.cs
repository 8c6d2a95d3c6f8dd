using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Asd.Workflow.Cli.Composition;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Definitions.Reference;

namespace Asd.Workflow.Cli.Commands;

/// <summary>
/// <c>asd schema [--format json|markdown]</c>: the JSON Schema of workflow files (for editors), or the Markdown
/// reference checked in as docs/workflows.md; both from the registered activities' option records.
/// </summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "json (a JSON Schema, draft-07) or markdown (docs/workflows.md)", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "markdown");
        var command = new Command("schema", "Print the JSON Schema of workflow files, or their reference as Markdown\n\nExample: asd schema > asd-workflow.schema.json") { format };
        command.SetAction(result =>
        {
            Console.Out.Write(result.GetValue(format) == "markdown" ? Markdown(Registry()) : Json(Registry()));
            return 0;
        });
        return command;
    }

    /// <summary>The activities a workflow may use; the encoder catalog is only consulted, never loaded.</summary>
    internal static ActivityRegistry Registry() => ActivityCatalog.Create(EncoderCatalog.Create(_ => { }, Path.GetTempPath()));

    internal static string Markdown(ActivityRegistry registry) => WorkflowReferenceMarkdown.Render(WorkflowReference.Describe(registry));

    internal static string Json(ActivityRegistry registry) =>
        WorkflowSchema.Build(WorkflowReference.Describe(registry)).ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // '<', '>' and '&' stay readable in descriptions
        }) + "\n";
}

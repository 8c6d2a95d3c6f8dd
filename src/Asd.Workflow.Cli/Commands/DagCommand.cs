using System.CommandLine;
using System.Text;
using Asd.Workflow.Cli.Composition;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Activities;

namespace Asd.Workflow.Cli.Commands;

/// <summary><c>asd dag WORKFLOW --format mermaid|dot</c>: the stage graph.</summary>
internal static class DagCommand
{
    public static Command Create()
    {
        var workflow = CommonOptions.Workflow();
        var set = CommonOptions.Set(); var data = CommonOptions.Data();
        var format = new Option<string>("--format") { Description = "mermaid or dot", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        var command = new Command("dag", "Print the workflow's stage graph\n\nExample: asd dag workflows/demo.yaml --format dot") { workflow, format, data, set };
        command.SetAction(result =>
        {
            var registry = ActivityCatalog.Create(EncoderCatalog.Create(_ => { }, Path.GetTempPath()));
            var vars = CommonOptions.Variables(result.GetValue(data) ?? "(data)", result.GetValue(set));
            var path = result.GetValue(workflow)!;
            if (!File.Exists(path)) throw Core.Errors.AsdException.BadInput($"workflow file {path} does not exist");
            var wf = new WorkflowLoader(registry).Load(WorkflowLoader.Text(File.ReadAllBytes(path), path), path, vars);
            Console.Write(result.GetValue(format) == "dot" ? Dot(wf) : Mermaid(wf));
            return 0;
        });
        return command;
    }

    private static string Mermaid(WorkflowDefinition wf)
    {
        var text = new StringBuilder("graph TD\n");
        foreach (var s in wf.Stages)
        {
            text.Append($"  {Id(s.Name)}[\"{s.Name}<br/>{s.Uses}\"]\n");
            foreach (var need in s.Needs.Count == 0 ? [WorkflowLoader.DatasetStage] : s.Needs) text.Append($"  {Id(need)} --> {Id(s.Name)}\n");
        }
        return text.ToString();
    }

    private static string Dot(WorkflowDefinition wf)
    {
        var text = new StringBuilder($"digraph \"{wf.Name}\" {{\n  rankdir=TB;\n");
        foreach (var s in wf.Stages)
        {
            text.Append($"  \"{s.Name}\" [label=\"{s.Name}\\n{s.Uses}\"];\n");
            foreach (var need in s.Needs.Count == 0 ? [WorkflowLoader.DatasetStage] : s.Needs) text.Append($"  \"{need}\" -> \"{s.Name}\";\n");
        }
        return text.Append("}\n").ToString();
    }

    private static string Id(string name) => name.Replace('-', '_');
}

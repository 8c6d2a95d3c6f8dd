using System.CommandLine;
using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Cli.Commands;

/// <summary>Options several commands share, and the parsing of --set.</summary>
internal static class CommonOptions
{
    public static Option<string> Store() => new("--store") { Description = "Store folder ($ASD_STORE when set)", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ASD_STORE") ?? "store" };
    public static Option<string?> Data() => new("--data") { Description = "Data-set folder; sets the workflow variable ${data}" };
    public static Option<string[]> Set() => new("--set") { Description = "Set a workflow variable: --set name=value (repeatable)", AllowMultipleArgumentsPerToken = false };
    public static Option<int> Jobs()
    {
        var jobs = new Option<int>("--jobs", "-j") { Description = "Stage shards run in parallel", DefaultValueFactory = _ => Environment.ProcessorCount };
        jobs.CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
                r.AddError($"--jobs '{text}' must be an integer: the number of shards run in parallel, at least 1 (e.g. --jobs 4)");
            else if (value < 1)
                r.AddError($"--jobs {value}: give at least 1 (the number of shards run in parallel)");
            return value;
        };
        return jobs;
    }
    public static Option<bool> Json() => new("--json") { Description = "Machine-readable output: one JSON object per line" };
    public static Argument<string> Workflow() => new("WORKFLOW") { Description = "Workflow YAML file (e.g. workflows/demo.yaml)" };

    public static Dictionary<string, string> Variables(string? data, string[]? sets)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var set in sets ?? [])
        {
            var eq = set.IndexOf('=');
            if (eq <= 0) throw AsdException.BadInput($"--set '{set}' must have the form name=value");
            variables[set[..eq]] = set[(eq + 1)..];
        }
        if (data is not null) variables["data"] = data;
        return variables;
    }
}

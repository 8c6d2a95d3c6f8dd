using System.CommandLine;
using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Cli.Commands;

/// <summary>Options several commands share, and the parsing of --set.</summary>
internal static class CommonOptions
{
    private static Lazy<Configuration.AsdConfig> _configured = new(Configuration.AsdConfig.Empty);

    /// <summary>
    /// The configuration file's settings (asd.yaml or --config), read once, when first needed (commands that never
    /// need it, such as help or completion, never read it; a no-op answered from the run stamp reads it for its
    /// remote_cache, see <see cref="FastNoOp"/>). A bad file throws (BadInput, with file:line:column) at each use.
    /// </summary>
    public static Configuration.AsdConfig Configured => _configured.Value;

    /// <summary>Sets how <see cref="Configured"/> is read (Main: from the command line's --config or asd.yaml).</summary>
    public static void Configure(Func<Configuration.AsdConfig> load) => _configured = new(load);

    /// <summary>--store's default: $ASD_STORE, else the configuration file's store, else ./store.</summary>
    public static string DefaultStore() => Environment.GetEnvironmentVariable("ASD_STORE")
        ?? (Configured.Store is { } configured ? Configuration.AsdConfigFile.Resolve(Configured, configured) : "store");

    public static Option<string> Store() => new("--store") { Description = "Store folder ($ASD_STORE when set, else asd.yaml's store)", DefaultValueFactory = _ => DefaultStore() };
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
    /// <summary>Says which folder of a DCASE root a command reads (nothing for a plain data-set folder, nothing with --quiet).</summary>
    public static void AnnounceData(string? data, Audio.Dataset.DataSplit split = Audio.Dataset.DataSplit.Dev)
    {
        if (data is not null && !Output.OutputSettings.Current.Quiet && Audio.Dataset.DataRoot.Resolve(data, split) is { Chosen: true } chosen)
            Console.WriteLine($"data: {chosen.Describe()}");
    }

    public static Option<bool> Json() => new("--json") { Description = "Machine-readable output: one JSON object per line" };
    public static Argument<string> Workflow() => new("WORKFLOW") { Description = "Workflow YAML file (e.g. workflows/demo.yaml)" };

    /// <summary>
    /// The workflow variables: --set pairs, and ${data} from --data narrowed to the split's folder when it is a
    /// DCASE root holding dev_data/ and eval_data/ (<see cref="Audio.Dataset.DataRoot"/>; run, freeze and status read dev).
    /// </summary>
    public static Dictionary<string, string> Variables(string? data, string[]? sets, Audio.Dataset.DataSplit split = Audio.Dataset.DataSplit.Dev)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var set in sets ?? [])
        {
            var eq = set.IndexOf('=');
            if (eq <= 0) throw AsdException.BadInput($"--set '{set}' must have the form name=value");
            variables[set[..eq]] = set[(eq + 1)..];
        }
        if (data is not null) variables["data"] = Audio.Dataset.DataRoot.Resolve(data, split).Folder;
        return variables;
    }
}

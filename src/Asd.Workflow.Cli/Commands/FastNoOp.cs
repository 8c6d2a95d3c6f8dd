using Asd.Workflow.Cli.Composition;
using Asd.Workflow.Cli.Output;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Store.Dataset;

namespace Asd.Workflow.Cli.Commands;

/// <summary>
/// Answers a plain <c>asd run WORKFLOW [--data D] [--store S] [--set k=v]… [--jobs N]</c> from the run stamp
/// (see <see cref="RunStamp"/>) before the command line, the index or the workflow loader are set up. Any other
/// form of the command, a missing or stale stamp, or <c>ASD_FULL_CHECK=1</c> returns null: the full run decides.
/// </summary>
internal static class FastNoOp
{
    public static int? TryAnswer(string[] args)
    {
        if (args.Length < 2 || args[0] != "run" || Environment.GetEnvironmentVariable("ASD_FULL_CHECK") is "1" or "true") return null;
        string? workflow = null, data = null, store = null;
        var sets = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            var token = args[i];
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (token)
            {
                case "--data" when value is not null: data = value; i++; break;
                case "--store" when value is not null: store = value; i++; break;
                case "--set" when value is not null: sets.Add(value); i++; break;
                case "--jobs" or "-j" when int.TryParse(value, out var jobs) && jobs > 0: i++; break;
                case "--quiet" or "-q": break; // its answer is the one line --quiet keeps
                default:
                    if (token.StartsWith('-') || workflow is not null) return null;
                    workflow = token;
                    break;
            }
        }
        if (workflow is null || !File.Exists(workflow)) return null;
        store ??= Environment.GetEnvironmentVariable("ASD_STORE") ?? "store";
        IReadOnlyDictionary<string, string> variables;
        try { variables = CommonOptions.Variables(data, sets.ToArray()); }
        catch (AsdException) { return null; }
        var stamp = RunStamp.Read(RunStamp.PathFor(store, workflow, variables));
        PhaseTrace.Mark("run stamp read");
        if (stamp is null || DatasetFingerprint.Of(stamp.DatasetRoot) is not { } fingerprint) return null;
        PhaseTrace.Mark("data set listed");
        if (fingerprint != stamp.DatasetFingerprint || !stamp.FilesUnchanged()) return null;
        PhaseTrace.Mark("files checked");
        if (!stamp.FactsHold()) return null;
        PhaseTrace.Mark("environment facts re-resolved");
        if (!stamp.OutputsPresent(store)) return null;
        PhaseTrace.Mark("answered from the run stamp");
        Console.WriteLine($"nothing to do: all {stamp.Shards} shard(s) up to date");
        return 0;
    }
}

using Asd.Workflow.Cli.Composition;
using Asd.Workflow.Cli.Output;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Store.Dataset;

namespace Asd.Workflow.Cli.Commands;

/// <summary>
/// Answers a plain <c>asd run WORKFLOW [--data D] [--store S] [--set k=v]… [--jobs N] [--remote-cache… options]</c>
/// from the run stamp (see <see cref="RunStamp"/>) before the command line, the index or the workflow loader are
/// set up. Any other form of the command, a missing or stale stamp, or <c>ASD_FULL_CHECK=1</c> returns null: the
/// full run decides. With a team cache (flags or asd.yaml), read by <see cref="RemoteCacheOptions"/> itself: read
/// only, a no-op asks the remote nothing, so the stamp answers; with uploads on, the full run would seed the
/// remote with the local hits, so the stamp answers only when it says that cache already holds them
/// (<see cref="RunStamp.SharedWith"/>). Options that do not parse or are bad input go to the full run, which says why.
/// </summary>
internal static class FastNoOp
{
    public static int? TryAnswer(string[] args)
    {
        if (args.Length < 2 || args[0] != "run" || Environment.GetEnvironmentVariable("ASD_FULL_CHECK") is "1" or "true") return null;
        string? workflow = null, data = null, store = null;
        var sets = new List<string>();
        var remoteTokens = new List<string>();
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
                case "--remote-cache-upload": // a flag, with an optional true/false after it
                    remoteTokens.Add(token);
                    if (bool.TryParse(value, out _)) { remoteTokens.Add(value!); i++; }
                    break;
                case "--remote-cache" or "--remote-cache-header-env" or "--remote-cache-basic-env" or "--remote-cache-netrc" when value is not null:
                    remoteTokens.Add(token); remoteTokens.Add(value); i++; break;
                case var joined when joined.StartsWith("--remote-cache", StringComparison.Ordinal) && joined.Contains('='):
                    remoteTokens.Add(token); break;
                default:
                    if (token.StartsWith('-') || workflow is not null) return null;
                    workflow = token;
                    break;
            }
        }
        if (workflow is null || !File.Exists(workflow)) return null;
        store ??= CommonOptions.DefaultStore();
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
        if (!RemoteAgrees(remoteTokens, stamp)) return null;
        PhaseTrace.Mark("answered from the run stamp");
        Console.WriteLine($"nothing to do: all {stamp.Shards} shard(s) up to date");
        return 0;
    }

    /// <summary>Whether the team cache the command names (if any) lets the stamp answer: none, read only, or one the stamp says holds every record.</summary>
    private static bool RemoteAgrees(List<string> tokens, RunStamp stamp)
    {
        try
        {
            // asd.yaml may name a team cache, so the stamp answers only after reading it; a bad file goes to the full run, which reports it.
            if (tokens.Count == 0 && CommonOptions.Configured.RemoteCache is null) return true;
            if (!RemoteCacheOptions.TryParseAlone(tokens, out var settings)) return false;
            settings?.CheckCredentials(); // as opening the cache would: a malformed one is the full run's error to report
            return settings is not { Upload: true } || stamp.SharedWith == RunStamp.RemoteId(settings);
        }
        catch (AsdException) { return false; } // bad input (flags or asd.yaml): the full run reports it
    }
}

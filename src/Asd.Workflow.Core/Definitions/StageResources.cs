using System.Globalization;
using System.Text.RegularExpressions;

namespace Asd.Workflow.Core.Definitions;

/// <summary>
/// What one stage shard asks of a cluster scheduler (<c>resources:</c> in a stage): CPUs, memory, GPUs, a time
/// limit, and how many shards of the stage share one job (<c>batch</c>). Never part of the stage identity: a
/// job's size does not change its outputs. Unset values leave the scheduler's defaults.
/// </summary>
/// <param name="Cpus">CPUs per job, 1–1024.</param>
/// <param name="Memory">Memory per job in Slurm's form: a whole number with an optional K, M, G or T suffix (e.g. 8G).</param>
/// <param name="Gpus">GPUs per job, 0–64; null: one when the activity's options ask for a GPU device, else none.</param>
/// <param name="Time">Time limit per job (per batch when batched).</param>
/// <param name="Batch">Shards per job, 1–4096; default 1.</param>
public sealed partial record StageResources(int? Cpus, string? Memory, int? Gpus, TimeSpan? Time, int Batch)
{
    public static readonly StageResources Default = new(null, null, null, null, 1);

    internal static readonly string[] Keys = ["cpus", "mem", "gpus", "time", "batch"];

    /// <summary>Reads a <c>resources:</c> mapping; every problem goes to <paramref name="problems"/> with its position.</summary>
    internal static StageResources Read(YNode node, string stage, Func<YScalar, string?> substitute, List<string> problems)
    {
        if (node is not YMapping map)
        {
            problems.Add($"{node.Position}: 'resources' of stage '{stage}' must be a mapping such as {{ cpus: 4, mem: 8G, gpus: 1, time: 30m, batch: 8 }}");
            return Default;
        }
        var result = Default;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Entries)
        {
            if (!Keys.Contains(key.Value)) { problems.Add($"{key.Position}: unknown key '{key.Value}' in resources of stage '{stage}' (allowed: {string.Join(", ", Keys)})"); continue; }
            if (!seen.Add(key.Value)) { problems.Add($"{key.Position}: key '{key.Value}' given twice"); continue; }
            if (value is not YScalar scalar) { problems.Add($"{value.Position}: resources.{key.Value} must be a single value"); continue; }
            if (substitute(scalar) is not { } text) continue;
            var where = $"{scalar.Position}: resources.{key.Value} of stage '{stage}' is '{text}'";
            switch (key.Value)
            {
                case "cpus": if (Whole(text, 1, 1024) is { } cpus) result = result with { Cpus = cpus }; else problems.Add($"{where}; give a whole number of CPUs, 1–1024"); break;
                case "gpus": if (Whole(text, 0, 64) is { } gpus) result = result with { Gpus = gpus }; else problems.Add($"{where}; give a whole number of GPUs, 0–64"); break;
                case "batch": if (Whole(text, 1, 4096) is { } batch) result = result with { Batch = batch }; else problems.Add($"{where}; give the number of shards per job, 1–4096"); break;
                case "mem": if (MemoryPattern().IsMatch(text) && !text.TrimEnd('K', 'M', 'G', 'T').All(c => c == '0')) result = result with { Memory = text }; else problems.Add($"{where}; give a size such as 512M, 8G or 1T"); break;
                case "time": if (ParseTime(text) is { } time) result = result with { Time = time }; else problems.Add($"{where}; give a duration such as 90s, 30m, 2h, 1h30m or 1d"); break;
            }
        }
        return result;
    }

    /// <summary>A duration such as 90s, 30m, 2h, 1h30m or 1d (units d, h, m, s, each at most once, in that order); null when not one.</summary>
    public static TimeSpan? ParseTime(string text)
    {
        var match = TimePattern().Match(text);
        if (!match.Success || match.Length == 0) return null;
        long Part(string group) => match.Groups[group].Success ? long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = Part("d") * 86400 + Part("h") * 3600 + Part("m") * 60 + Part("s");
        return seconds is > 0 and <= 366L * 86400 ? TimeSpan.FromSeconds(seconds) : null;
    }

    private static int? Whole(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;

    [GeneratedRegex(@"^[0-9]{1,9}[KMGT]?$")]
    private static partial Regex MemoryPattern();

    [GeneratedRegex(@"^(?:(?<d>[0-9]{1,3})d)?(?:(?<h>[0-9]{1,4})h)?(?:(?<m>[0-9]{1,6})m)?(?:(?<s>[0-9]{1,8})s)?$")]
    private static partial Regex TimePattern();
}

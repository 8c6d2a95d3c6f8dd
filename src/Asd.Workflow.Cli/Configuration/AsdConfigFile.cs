using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Asd.Workflow.Cli.Configuration;

/// <summary>
/// Finds and reads the configuration file: <c>--config PATH</c> when given, else <c>asd.yaml</c> at the root of
/// the repository the working folder is in (the nearest folder upward with a <c>.git</c>), else none. YamlDotNet
/// binds it; every problem is reported at once with file:line:column and exit code 2.
/// </summary>
public static class AsdConfigFile
{
    public const string FileName = "asd.yaml";
    public const string Option = "--config";

    private static readonly string[] Executors = ["local", "slurm"];

    /// <summary>The configuration for this command line; <see cref="AsdConfig.Empty"/> when there is no file.</summary>
    public static AsdConfig Load(string[] args)
    {
        var at = Array.IndexOf(args, Option);
        if (at >= 0)
        {
            if (at + 1 >= args.Length) throw AsdException.BadInput($"{Option} needs a file: {Option} PATH");
            var given = args[at + 1];
            return File.Exists(given) ? Read(given) : throw AsdException.BadInput($"{Option} {given}: no such file");
        }
        return Find(Directory.GetCurrentDirectory()) is { } found ? Read(found) : AsdConfig.Empty;
    }

    /// <summary>asd.yaml at the repository root above <paramref name="folder"/> (or in it when there is no repository).</summary>
    public static string? Find(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
            if (Path.Exists(Path.Combine(dir.FullName, ".git")))
                return File.Exists(Path.Combine(dir.FullName, FileName)) ? Path.Combine(dir.FullName, FileName) : null;
        var here = Path.Combine(folder, FileName);
        return File.Exists(here) ? here : null;
    }

    public static AsdConfig Read(string path)
    {
        var text = Core.Definitions.WorkflowLoader.Text(File.ReadAllBytes(path), path);
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        AsdConfig config;
        try { config = deserializer.Deserialize<AsdConfig?>(text) ?? new AsdConfig(); }
        catch (YamlException ex)
        {
            var why = (ex.InnerException?.Message ?? ex.Message).Split('\n')[0];
            if (why.StartsWith("Property '", StringComparison.Ordinal) && why.Contains("not found on type", StringComparison.Ordinal))
                why = $"unknown key {why["Property ".Length..why.IndexOf(" not found", StringComparison.Ordinal)]} (allowed: see README, section Configuration)";
            throw AsdException.BadInput($"{path}:{ex.Start.Line}:{ex.Start.Column}: {why}");
        }
        config.SourceFile = Path.GetFullPath(path);
        Validate(config, text, path);
        return config;
    }

    private static void Validate(AsdConfig config, string text, string path)
    {
        var tree = YamlTree.Parse(text, path);
        var problems = new List<string>();
        void Check(bool ok, string message, params string[] keys)
        {
            if (!ok) problems.Add($"{PositionOf(tree, keys)}: {message}");
        }
        Check(config.Executor is null || Executors.Contains(config.Executor), $"executor is '{config.Executor}', allowed: {string.Join(", ", Executors)}", "executor");
        Check(config.Store is null || config.Store.Length > 0, "store is empty; give a folder", "store");
        if (config.Slurm is { } slurm)
        {
            Check(slurm.MaxJobs is null or (>= 1 and <= 10000), $"slurm.max_jobs is {slurm.MaxJobs}; give 1–10000 jobs in flight", "slurm", "max_jobs");
            Check(slurm.Batch is null or (>= 1 and <= 4096), $"slurm.batch is {slurm.Batch}; give 1–4096 shards per job", "slurm", "batch");
            Check(slurm.MaxPoll is null || StageResources.ParseTime(slurm.MaxPoll) is not null, $"slurm.max_poll is '{slurm.MaxPoll}'; give a duration such as 2s or 1m", "slurm", "max_poll");
            Check(slurm.Command is null || slurm.Command.Count > 0, "slurm.command is empty; give the program (and arguments) that starts asd on a node", "slurm", "command");
            Check(slurm.SbatchOptions is null || slurm.SbatchOptions.All(o => o.StartsWith("--", StringComparison.Ordinal) && !o.Contains('\n')),
                "slurm.sbatch_options: give long options such as --qos=short, one per entry", "slurm", "sbatch_options");
        }
        if (config.RemoteCache is { } cache)
        {
            Check(cache.Url is not null, "remote_cache needs a url (http:// or https://)", "remote_cache");
            Check(cache.Url is null || Uri.TryCreate(cache.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
                $"remote_cache.url is '{cache.Url}'; give an http:// or https:// URL", "remote_cache", "url");
            Check(cache.Url is null || !Uri.TryCreate(cache.Url, UriKind.Absolute, out var withUser) || withUser.UserInfo.Length == 0,
                "remote_cache.url carries credentials; name them with auth_header_env, basic_auth_env or netrc instead", "remote_cache", "url");
            foreach (var (key, name) in new[] { ("auth_header_env", cache.AuthHeaderEnv), ("basic_auth_env", cache.BasicAuthEnv) })
                Check(name is null || name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'),
                    $"remote_cache.{key} is '{name}'; give the name of an environment variable", "remote_cache", key);
        }
        if (problems.Count > 0) throw AsdException.BadInput($"{path}: {problems.Count} problem(s) in the configuration", problems);
    }

    /// <summary>Where the value of a key path is in the file (the nearest enclosing mapping when the key is absent).</summary>
    private static SourcePosition PositionOf(YNode node, string[] keys)
    {
        foreach (var key in keys)
        {
            if (node is not YMapping map || map.Entries.FirstOrDefault(e => e.Key.Value == key) is not { Key: not null } entry) break;
            node = entry.Value;
        }
        return node.Position;
    }

    /// <summary>A path from the file, relative to the file's folder.</summary>
    public static string Resolve(AsdConfig config, string path) =>
        config.SourceFile is null ? path : Path.GetFullPath(path, Path.GetDirectoryName(config.SourceFile)!);
}

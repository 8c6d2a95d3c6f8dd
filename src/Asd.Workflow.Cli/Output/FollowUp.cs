namespace Asd.Workflow.Cli.Output;

/// <summary>
/// The demo's closing lines: where its report, package and manifest are, and the exact commands that continue
/// from them, quoted for a POSIX shell and run from the folder the demo ran in.
/// </summary>
internal static class FollowUp
{
    /// <summary>./asd where the repository's launcher is in the working folder, else asd (installed).</summary>
    public static string Asd => File.Exists("asd") && File.Exists(Path.Combine("src", "Asd.Workflow.Cli", "Asd.Workflow.Cli.csproj")) ? "./asd" : "asd";

    public static IReadOnlyList<string> Lines(IReadOnlyList<string> written, string? package, string manifest, string data, string store, IReadOnlyList<string> demoArgs)
    {
        var storeArgs = Path.GetFullPath(store) == Path.GetFullPath("store") ? [] : new[] { "--store", store };
        var html = written.Where(p => p.EndsWith(".html", StringComparison.Ordinal)).Select(Shown).ToList();
        var md = written.Where(p => p.EndsWith(".md", StringComparison.Ordinal)).Select(Shown).ToList();
        (package, manifest) = (package is null ? null : Shown(package), Shown(manifest));
        var lines = new List<string> { "", "done. This demo's outputs:" };
        if (html.Count > 0) lines.Add($"  report    {string.Join(", ", html)} (open in a browser)");
        if (md.Count > 0) lines.Add($"            {string.Join(", ", md)}");
        if (package is not null) lines.Add($"  package   {package}");
        lines.Add($"  manifest  {manifest}");
        lines.Add("next:");
        if (package is not null) lines.Add("  " + Command(["validate", package, "--data", data]) + "   # check the package");
        lines.Add("  " + Command(["verify", manifest, .. storeArgs]) + "   # re-hash every object");
        lines.Add("  " + Command(["audit", manifest, .. storeArgs]) + "   # no test clip or label reached a statistic");
        lines.Add("  " + Command(["recompute", manifest, .. storeArgs]) + "   # re-execute and prove byte equality");
        lines.Add("  " + Command(["demo", .. demoArgs, .. storeArgs]) + "   # again: nothing reruns");
        return lines;
    }

    /// <summary>A path as short as it can be shown from the working folder (relative below it, else absolute).</summary>
    public static string Shown(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Path.GetFullPath(path) : relative;
    }

    public static string Command(IEnumerable<string> args) => string.Join(' ', args.Select(Core.Paths.ShellWord.Quote).Prepend(Asd));
}

using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Core.Paths;

/// <summary>
/// Resolves a relative path under a root and refuses any that would lie outside it: after
/// <see cref="Path.GetFullPath(string)"/> (no "..", no absolute part) and through symbolic links (no existing
/// component below the root may be a link whose target leaves the root). Every path asd writes from a
/// workflow-derived name or a stored tree entry goes through here.
/// </summary>
public static class ConfinedPath
{
    /// <summary>The full path of <paramref name="relative"/> under <paramref name="root"/>; BadInput when it escapes.</summary>
    public static string Resolve(string root, string relative)
    {
        var top = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var full = Path.GetFullPath(Path.Combine(top, relative));
        if (!IsUnder(top, full) || full.Length == top.Length)
            throw Escape(relative, top, "lies outside it");
        var current = top;
        foreach (var part in Path.GetRelativePath(top, full).Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, part);
            var info = new FileInfo(current); // lstat: sees a link even when it dangles or points at a folder
            if (info.LinkTarget is { } link)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(link, Path.GetDirectoryName(current)!);
                if (!IsUnder(top, target)) throw Escape(relative, top, $"goes through the symbolic link {current} to {target}");
            }
            else if (!info.Exists && !Directory.Exists(current)) break; // nothing below a missing component exists yet
        }
        return full;
    }

    private static bool IsUnder(string top, string full) =>
        full.StartsWith(top, StringComparison.Ordinal) &&
        (full.Length == top.Length || full[top.Length] == Path.DirectorySeparatorChar || top.EndsWith(Path.DirectorySeparatorChar));

    private static AsdException Escape(string relative, string top, string why) =>
        AsdException.BadInput($"path '{relative}' under {top} {why}; asd writes only inside {top} (rename the stage or system, or remove the link)");
}

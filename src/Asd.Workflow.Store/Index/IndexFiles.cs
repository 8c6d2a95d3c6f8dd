namespace Asd.Workflow.Store.Index;

/// <summary>
/// The files of one LiteDB index: the data file (<c>index.db</c>) and its write-ahead log beside it
/// (<c>index-log.db</c>), which always move, replace and disappear together.
/// </summary>
public static class IndexFiles
{
    /// <summary>LiteDB's log file name for a data file: <c>dir/name-log.ext</c>.</summary>
    public static string LogOf(string dataFile) => Path.Combine(Path.GetDirectoryName(dataFile) ?? "",
        Path.GetFileNameWithoutExtension(dataFile) + "-log" + Path.GetExtension(dataFile));

    public static void Delete(string dataFile)
    {
        File.Delete(dataFile);
        File.Delete(LogOf(dataFile));
    }

    /// <summary>Moves a damaged index (and its log) to <c>index.damaged-N.db</c> with the first free N; returns the new data file path.</summary>
    public static string MoveAside(string dataFile)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(dataFile))!;
        var stem = Path.GetFileNameWithoutExtension(dataFile);
        var extension = Path.GetExtension(dataFile);
        string aside;
        for (var n = 1; ; n++)
        {
            aside = Path.Combine(dir, $"{stem}.damaged-{n}{extension}");
            if (!File.Exists(aside) && !File.Exists(LogOf(aside))) break;
        }
        if (File.Exists(dataFile)) File.Move(dataFile, aside);
        if (File.Exists(LogOf(dataFile))) File.Move(LogOf(dataFile), LogOf(aside));
        return aside;
    }

    /// <summary>
    /// Puts a closed, complete index file in the place of another: the target's log goes first (LiteDB would
    /// replay it onto the new file), then one rename(2) swaps the data file, so a crash leaves the old index
    /// or the new one, never a mix.
    /// </summary>
    public static void Replace(string source, string target)
    {
        File.Delete(LogOf(target));
        File.Delete(LogOf(source));
        File.Move(source, target, overwrite: true);
    }
}

using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Core.Paths;

/// <summary>
/// Folders asd creates carry a marker file, <see cref="MarkerName"/>; asd deletes, replaces or writes into an
/// existing non-empty folder only when the marker is there, so a user's folder is never touched.
/// </summary>
public static class OwnedFolder
{
    public const string MarkerName = ".asd-owned";

    private const string MarkerText = "{\"written_by\":\"asd\",\"note\":\"asd may replace this folder; remove this file to keep asd out\"}\n";

    public static bool IsOwned(string folder) => File.Exists(Path.Combine(folder, MarkerName));

    /// <summary>Refuses (BadInput) a folder that exists, is not empty and lacks the marker; creates nothing.</summary>
    public static void Check(string folder, string option)
    {
        if (Directory.Exists(folder) && !IsOwned(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw NotOurs(folder, option);
        if (File.Exists(folder)) throw AsdException.BadInput($"{Path.GetFullPath(folder)} is a file, not a folder; choose another {option}");
    }

    /// <summary>Makes sure <paramref name="folder"/> exists and is asd's: creates it (or marks an empty one); refuses a user's.</summary>
    public static void Claim(string folder, string option)
    {
        Check(folder, option);
        Directory.CreateDirectory(folder);
        if (!IsOwned(folder)) File.WriteAllText(Path.Combine(folder, MarkerName), MarkerText);
    }

    /// <summary>Deletes <paramref name="folder"/> if asd wrote it (refuses otherwise), then creates it empty and marked.</summary>
    public static void Replace(string folder, string option)
    {
        Check(folder, option);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Claim(folder, option);
    }

    private static AsdException NotOurs(string folder, string option) =>
        AsdException.BadInput($"{Path.GetFullPath(folder)} exists and was not written by asd; remove it or choose another {option}");
}

namespace Asd.Workflow.Testing;

/// <summary>Locates the repository root and ../shared from a test's output folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string SharedData(string relative) => Path.Combine(Shared, "data", relative);

    public static string TempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "asd-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Asd.Workflow.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root (Asd.Workflow.sln) not found above " + AppContext.BaseDirectory);
    }
}

namespace Asd.Workflow.Testing;

/// <summary>Damages an index file the ways a crash, a bad disk or a stray write do.</summary>
internal static class IndexDamager
{
    /// <summary>Overwrites the first 4 KiB (LiteDB's header page) with a fixed non-zero pattern.</summary>
    public static void Garble(string path)
    {
        using var file = File.OpenWrite(path);
        file.Write(Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 + 3)).ToArray());
    }

    /// <summary>Cuts the file to a little over half its length (not a whole number of pages).</summary>
    public static void Truncate(string path)
    {
        using var file = new FileStream(path, FileMode.Open);
        file.SetLength(file.Length / 2 + 100);
    }
}

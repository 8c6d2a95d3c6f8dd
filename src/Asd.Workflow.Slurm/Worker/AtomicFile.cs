namespace Asd.Workflow.Slurm.Worker;

/// <summary>Writes a small file so that a reader on any node sees all of it or nothing: temp file, fsync, rename.</summary>
internal static class AtomicFile
{
    public static void Write(string path, byte[] bytes)
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}

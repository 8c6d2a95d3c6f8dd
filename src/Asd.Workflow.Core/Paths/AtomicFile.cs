using System.Runtime.InteropServices;
using System.Text;

namespace Asd.Workflow.Core.Paths;

/// <summary>
/// Writes a whole file so that a reader (on this machine or another node of a shared file system) sees all of
/// it or nothing: a temp file is written, fsynced, renamed over the target, then the target's folder is fsynced
/// so the rename itself survives a crash. The one implementation for run stamps, gc roots, manifests, Slurm
/// requests, scripts and results, and built-in model files. (Store objects are written by the store itself,
/// hashing as they stream.)
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="bytes"/> to <paramref name="path"/>, replacing a file there. The temp file lies in
    /// <paramref name="tempFolder"/> (created when missing; it must be on the same file system as the target, such
    /// as the store's <c>tmp/</c>, where the next open sweeps leftovers) or, when null, beside the target. On failure
    /// the temp file is removed and the error is rethrown; the target is then untouched.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes, string? tempFolder = null)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        if (tempFolder is not null) Directory.CreateDirectory(tempFolder);
        var temp = Path.Combine(tempFolder ?? folder, $"{Path.GetFileName(path)}.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); }
            catch (IOException) { } // the next sweep of the temp folder removes it
            throw;
        }
        SyncFolder(folder);
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark (as <see cref="File.WriteAllText(string, string?)"/> does).</summary>
    public static void Write(string path, string text, string? tempFolder = null) => Write(path, Encoding.UTF8.GetBytes(text), tempFolder);

    private const int OpenReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC (the same value on x86-64 and arm64 Linux, and macOS ignores it)

    // Blittable arguments only (the caller encodes the path): no marshalling stub, as in FileIdentityReader.
    [DllImport("libc", EntryPoint = "open")]
    private static extern int Open(ref byte path, int flags);

    [DllImport("libc", EntryPoint = "fsync")]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    private static volatile bool _noSync = !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS());

    /// <summary>
    /// fsync(2) on the folder, which makes a rename inside it durable (.NET cannot open a folder as a file).
    /// Best effort: some file systems refuse to sync a folder, and the rename is atomic without it.
    /// </summary>
    private static void SyncFolder(string folder)
    {
        if (_noSync) return;
        var name = new byte[Encoding.UTF8.GetMaxByteCount(folder.Length) + 1];
        name[Encoding.UTF8.GetBytes(folder, name)] = 0;
        try
        {
            var fd = Open(ref name[0], OpenReadOnlyCloseOnExec);
            if (fd < 0) return;
            Fsync(fd);
            Close(fd);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException) { _noSync = true; }
    }
}

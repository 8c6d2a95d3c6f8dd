using System.Diagnostics;

namespace Asd.Workflow.Testing;

/// <summary>
/// A small tmpfs mounted for one test, to get a real "no space left on device" (ENOSPC) from the kernel. Needs
/// root (CAP_SYS_ADMIN); <see cref="TmpfsFactAttribute"/> skips, saying why, where it cannot be mounted.
/// </summary>
internal sealed class Tmpfs : IDisposable
{
    private Tmpfs(string path) => Path = path;

    public string Path { get; }

    /// <summary>Why no tmpfs can be mounted here (not Linux, not root, mount refused), or null when it can.</summary>
    public static string? Unavailable { get; } = Probe();

    public static Tmpfs Mount(string name, int kilobytes)
    {
        var dir = RepoPaths.TempDir(name);
        Command("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", dir);
        return new Tmpfs(dir);
    }

    /// <summary>Grows or shrinks the file system in place (files stay): "free space" without deleting anything.</summary>
    public void Resize(int kilobytes) => Command("mount", "-o", $"remount,size={kilobytes}k", Path);

    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>A file of zeros that takes all but <paramref name="leaveBytes"/> of the free space (tmpfs counts whole 4 KiB pages).</summary>
    public string Fill(long leaveBytes)
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write);
        stream.SetLength(0);
        var chunk = new byte[4096];
        for (var left = FreeBytes - leaveBytes; left > 0; left -= chunk.Length) stream.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
        stream.Flush(flushToDisk: true);
        return filler;
    }

    public void Dispose() => Command("umount", "--lazy", Path);

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "a tmpfs is a Linux file system";
        if (!Environment.IsPrivilegedProcess) return "mounting a tmpfs needs root; the injected-failure tests cover the same error path";
        try { Mount("tmpfs-probe", 64).Dispose(); return null; }
        catch (InvalidOperationException ex) { return $"cannot mount a tmpfs here ({ex.Message}); the injected-failure tests cover the same error path"; }
    }

    private static void Command(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var err = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)}: {err.Trim()}");
    }
}

/// <summary>A fact that needs <see cref="Tmpfs"/>: skipped, with the reason, where no tmpfs can be mounted.</summary>
internal sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (Tmpfs.Unavailable is { } why) Skip = why;
    }
}

using System.Runtime.InteropServices;
using System.Text;
using Asd.Workflow.Core.Contracts;

namespace Asd.Workflow.Store.Dataset;

/// <summary>
/// Reads a <see cref="FileIdentity"/>. .NET exposes neither inode nor ctime, so on Linux this calls statx(2)
/// in libc (one system call, the same cost as FileInfo's stat). Elsewhere, or where statx is missing, it falls
/// back to FileInfo's size and mtime with no inode or ctime: an incomplete identity that is never trusted.
/// </summary>
public static class FileIdentityReader
{
    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;
    private const uint NeededFields = 0x40 | 0x80 | 0x100 | 0x200; // STATX_MTIME | STATX_CTIME | STATX_INO | STATX_SIZE
    private const int StatxBytes = 256;

    // struct statx (linux/stat.h): stx_mask u32 @0, stx_ino u64 @32, stx_size u64 @40, stx_ctime @96 and
    // stx_mtime @112 as {i64 tv_sec, u32 tv_nsec, i32 pad}, stx_dev_major u32 @136, stx_dev_minor u32 @140.
    // Blittable arguments only (the path is encoded by the caller into a stack buffer): no marshalling stub.
    [DllImport("libc", EntryPoint = "statx")]
    private static extern int Statx(int dirfd, ref byte path, int flags, uint mask, ref byte buffer);

    private static volatile bool _noStatx = !OperatingSystem.IsLinux();

    /// <summary>The identity of the file at <paramref name="path"/> (symbolic links followed), or null when it cannot be read.</summary>
    public static FileIdentity? Read(string path)
    {
        if (_noStatx) return Managed(path);
        Span<byte> buffer = stackalloc byte[StatxBytes];
        var maxBytes = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
        Span<byte> name = maxBytes <= 1024 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        name[Encoding.UTF8.GetBytes(path, name)] = 0;
        try
        {
            if (Statx(AtFdCwd, ref MemoryMarshal.GetReference(name), 0, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0) return null;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            _noStatx = true;
            return Managed(path);
        }
        var mask = MemoryMarshal.Read<uint>(buffer);
        var device = ((long)MemoryMarshal.Read<uint>(buffer[136..]) << 32) | MemoryMarshal.Read<uint>(buffer[140..]);
        var identity = new FileIdentity(device, MemoryMarshal.Read<long>(buffer[32..]), MemoryMarshal.Read<long>(buffer[40..]),
            Nanoseconds(buffer[112..]), Nanoseconds(buffer[96..]));
        return (mask & NeededFields) == NeededFields ? identity : identity with { Inode = 0, CtimeNs = 0 };
    }

    private static long Nanoseconds(ReadOnlySpan<byte> timestamp) =>
        MemoryMarshal.Read<long>(timestamp) * 1_000_000_000 + MemoryMarshal.Read<uint>(timestamp[8..]);

    private static FileIdentity? Managed(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) return null;
        return new FileIdentity(0, 0, info.Length, (info.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks * 100, 0);
    }
}

namespace Asd.Workflow.Core.Errors;

/// <summary>
/// "No space left on device", however it surfaces: an <see cref="AsdException"/> with
/// <see cref="ErrorCode.NoSpace"/>, or an <see cref="IOException"/> from any writer (the object store, LiteDB,
/// the run stamp) anywhere in an exception's inner chain. A full disk is the store's condition, not one shard's:
/// the runner stops on it and the CLI prints one line (exit 1) instead of a failure per shard.
/// </summary>
public static class DiskFull
{
    // .NET on Unix puts errno into IOException.HResult: ENOSPC 28, EDQUOT 122 (a full quota). On Windows the
    // HResult is 0x80070070 (ERROR_DISK_FULL) or 0x80070027 (ERROR_HANDLE_DISK_FULL).
    private static readonly int[] Codes = [28, 122, unchecked((int)0x80070070), unchecked((int)0x80070027)];

    // A failed preallocation (File.WriteAllText/WriteAllBytes reserve the file's size first) carries no errno,
    // only this text; .NET ships its exception messages in English only.
    private const string PreallocationFailed = "because the disk was full";

    private static bool IsFull(IOException e) => Codes.Contains(e.HResult) || e.Message.Contains(PreallocationFailed, StringComparison.Ordinal);

    /// <summary>True when <paramref name="error"/> or one of its inner exceptions says the disk is full.</summary>
    public static bool Is(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is AsdException { Code: ErrorCode.NoSpace } || (e is IOException io && IsFull(io))) return true;
        return false;
    }

    /// <summary>The one-line NoSpace error: "<paramref name="where"/> is full: no space left writing <paramref name="what"/>; free space and rerun".</summary>
    public static AsdException Error(string where, string what, Exception inner) =>
        new(ErrorCode.NoSpace, $"{where} is full: no space left writing {what}; free space and rerun", inner: inner);

    /// <summary>The NoSpace error inside <paramref name="error"/>, or one made from the first disk-full IOException in it.</summary>
    public static AsdException Describe(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is AsdException { Code: ErrorCode.NoSpace } known) return known;
        for (var e = error; e is not null; e = e.InnerException)
            if (e is IOException io && IsFull(io)) return Error("the disk", PathIn(io.Message), io);
        throw new ArgumentException("not a disk-full error", nameof(error), error);
    }

    /// <summary>The first quoted text of an I/O message, which .NET makes the path ("No space left on device : '/x/y'"), or "a file".</summary>
    private static string PathIn(string message)
    {
        var start = message.IndexOf('\'');
        var end = start >= 0 ? message.IndexOf('\'', start + 1) : -1;
        return end > start + 1 ? message[(start + 1)..end] : "a file";
    }
}

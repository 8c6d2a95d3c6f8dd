namespace Asd.Workflow.Core.Errors;

/// <summary>
/// Stable error codes (LiteDB-style: one exception type, numeric codes). Tests assert on codes; the CLI maps each
/// code to an exit code with <see cref="AsdException.ExitCodeOf"/> (2 bad input or usage, 130 interrupted, 1 everything else).
/// </summary>
public enum ErrorCode
{
    /// <summary>Bad input or usage (a workflow, an option, a file the user named): exit code 2.</summary>
    BadInput = 2,
    /// <summary>A stage or a check failed, or a data file is bad: exit code 1.</summary>
    CheckFailed = 1,
    /// <summary>A stored object's bytes do not match its digest (quarantined; the producer re-executes): exit code 1.</summary>
    CorruptObject = 101,
    /// <summary>The store's file system is full or refused a write; nothing half-written remains: exit code 1.</summary>
    NoSpace = 102,
    /// <summary>The store index cannot be opened or read; the message names the repair command: exit code 2.</summary>
    IndexDamaged = 103,
    /// <summary>The user stopped the command (Ctrl-C); finished work is kept: exit code 130 (128 + SIGINT), as shells expect.</summary>
    Interrupted = 130,
    /// <summary>A fault in asd itself (an exception that is not an <see cref="AsdException"/>): exit code 1.</summary>
    Internal = 199,
}

/// <summary>The one exception type of the project. Messages are one line: what, where, what to do.</summary>
public sealed partial class AsdException : Exception
{
    public AsdException(ErrorCode code, string message, IReadOnlyList<string>? details = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Details = details ?? Array.Empty<string>();
    }

    public ErrorCode Code { get; }

    /// <summary>Further lines (one problem each) when several problems are reported at once.</summary>
    public IReadOnlyList<string> Details { get; }

    public int ExitCode => ExitCodeOf(Code);

    /// <summary>The process exit code of an error kind: 2 for bad input or usage (and a damaged index), 1 otherwise.</summary>
    public static int ExitCodeOf(ErrorCode code) => code switch
    {
        ErrorCode.BadInput or ErrorCode.IndexDamaged => 2,
        ErrorCode.Interrupted => 130,
        _ => 1,
    };

    public static AsdException BadInput(string message) => new(ErrorCode.BadInput, message);

    public static AsdException BadInput(string summary, IReadOnlyList<string> problems) =>
        new(ErrorCode.BadInput, summary, problems);

    public static AsdException Failed(string message, IReadOnlyList<string>? problems = null) =>
        new(ErrorCode.CheckFailed, message, problems);
}

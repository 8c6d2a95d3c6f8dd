namespace Asd.Workflow.Core.Errors;

/// <summary>Stable error codes; the CLI maps each to an exit code.</summary>
public enum ErrorCode
{
    /// <summary>Bad input or usage: exit code 2.</summary>
    BadInput = 2,
    /// <summary>A stage or a check failed: exit code 1.</summary>
    CheckFailed = 1,
}

/// <summary>The one exception type of the project. Messages are one line: what, where, what to do.</summary>
public sealed class AsdException : Exception
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

    public int ExitCode => (int)Code;

    public static AsdException BadInput(string message) => new(ErrorCode.BadInput, message);

    public static AsdException BadInput(string summary, IReadOnlyList<string> problems) =>
        new(ErrorCode.BadInput, summary, problems);

    public static AsdException Failed(string message, IReadOnlyList<string>? problems = null) =>
        new(ErrorCode.CheckFailed, message, problems);
}

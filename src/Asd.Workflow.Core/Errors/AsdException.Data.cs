namespace Asd.Workflow.Core.Errors;

/// <summary>Named factories for bad data (exit code 1): a clip, or a row of a text file, that cannot be used.</summary>
public sealed partial class AsdException
{
    /// <summary>A clip that cannot be decoded: <c>PATH: REASON; replace or remove …</c>. <c>on_bad_clip: skip</c> skips it.</summary>
    public static AsdException BadClip(string path, string reason) =>
        Failed($"{path}: {reason}; replace or remove the clip, or set on_bad_clip: skip in the workflow");

    /// <summary>A bad row of a data file (ground truth, scores): <c>PATH:LINE: REASON</c>.</summary>
    public static AsdException BadRow(string path, int line, string reason) => Failed($"{path}:{line}: {reason}");

    /// <summary>Several bad rows of one data file, each <c>PATH:LINE: REASON</c>, reported at once.</summary>
    public static AsdException BadRows(string path, IReadOnlyList<string> problems) =>
        problems.Count == 1 ? Failed(problems[0]) : Failed($"{path}: {problems.Count} bad row(s); the first: {problems[0]}", problems);
}

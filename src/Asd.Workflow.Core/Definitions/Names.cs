using System.Text.RegularExpressions;

namespace Asd.Workflow.Core.Definitions;

/// <summary>
/// The one rule for names that become folder or file names (stages, systems, package folders, the workflow):
/// a letter, then letters, digits, '_' or '-', at most <see cref="MaxLength"/> characters. No separator, no
/// dot, no leading '-': such a name can never leave the folder it is written under nor read as an option.
/// </summary>
public static partial class Names
{
    public const int MaxLength = 100;

    public const string Rule = "a letter, then letters, digits, '_' or '-' (at most 100 characters)";

    public static bool IsValid(string name) => name.Length <= MaxLength && Pattern().IsMatch(name);

    /// <summary>The problem line for a bad name at <paramref name="position"/>, or null when the name is valid.</summary>
    public static string? Problem(SourcePosition position, string what, string name) =>
        IsValid(name) ? null : $"{position}: {what} '{name}' is not a valid name (allowed: {Rule})";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex Pattern();
}

using System.Text.RegularExpressions;

namespace Asd.Workflow.Core.Paths;

/// <summary>
/// The one shell quoting: a word as a POSIX shell (sh, bash, zsh) reads it back as exactly one argument. Plain
/// words (letters, digits and <c>_ . / : = @ % + , -</c>) stay bare; anything else, the empty word included, goes
/// in single quotes, each <c>'</c> written as <c>'\''</c>; inside single quotes nothing (<c>$</c>, <c>`</c>, <c>\</c>,
/// <c>!</c> in a script) is special. For the commands the demo prints and the Slurm job scripts.
/// </summary>
public static partial class ShellWord
{
    public static string Quote(string word) => Plain().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_./:=@%+,-]+$")]
    private static partial Regex Plain();
}

using System.Diagnostics;
using Asd.Workflow.Core.Paths;

namespace Asd.Workflow.Core.Tests.Paths;

public sealed class ShellWordTests
{
    [Theory]
    [InlineData("out/demo/manifest.json", "out/demo/manifest.json")]
    [InlineData("--keep-runs=5", "--keep-runs=5")]
    [InlineData("my store", "'my store'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$HOME/x", "'$HOME/x'")]
    [InlineData("", "''")]
    public void Quote_Word_PlainBareElseSingleQuoted(string word, string quoted) => Assert.Equal(quoted, ShellWord.Quote(word));

    [Fact]
    public void Quote_AwkwardWords_ABashReadsEachBackAsExactlyOneArgument()
    {
        string[] words = ["a b", "it's", "\"double\"", "$HOME", "`id`", "$(id)", "back\\slash", "*", "", "tab\there", "new\nline", "!x", "plain/path.wav"];
        var start = new ProcessStartInfo("bash", ["-c", "printf '%s\\0' " + string.Join(' ', words.Select(ShellWord.Quote))])
            { RedirectStandardOutput = true, UseShellExecute = false };
        using var bash = Process.Start(start)!;
        var output = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();
        Assert.Equal(0, bash.ExitCode);
        Assert.Equal(words, output.Split('\0')[..^1]);
    }
}

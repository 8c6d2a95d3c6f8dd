using System.CommandLine;
using System.CommandLine.Invocation;

namespace Asd.Workflow.Cli.Commands;

/// <summary>The command tree, the options every command takes (--quiet, --verbose), and how a bad command line is reported.</summary>
internal static class CommandLine
{
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print only results and errors: no progress, no notes", Recursive = true };
    public static readonly Option<bool> Verbose = new("--verbose") { Description = "Print every shard (cached ones too) and the details behind notes", Recursive = true };

    public static RootCommand Root()
    {
        var root = new RootCommand("asd — a workflow engine with a content-addressed store for machine-sound anomaly detection\n\nExample: asd demo")
        {
            RunCommand.Create(), StatusCommand.Create(), DagCommand.Create(), SynthCommand.Create(),
            EvaluateCommand.Create(), ValidateCommand.Create(),
            DemoCommand.Create(), StoreCommands.Gc(), StoreCommands.Store(),
            ProvenanceCommands.Freeze(), ProvenanceCommands.Verify(), ProvenanceCommands.Recompute(), ProvenanceCommands.Audit(),
            CompletionCommand.Create(), SchemaCommand.Create(),
        };
        root.Add(Quiet);
        root.Add(Verbose);
        return root;
    }

    /// <summary>
    /// One line per parse error (exit 2). An unknown command or argument gets System.CommandLine's typo
    /// corrections, as "did you mean `run`?".
    /// </summary>
    public static int ReportParseErrors(ParseResult parse, string[] args)
    {
        var suggestions = TypoCorrections(parse);
        var command = parse.CommandResult.Command is RootCommand ? "asd" : $"asd {CommandPath(parse.CommandResult)}";
        // "Required command was not provided" beside an unknown word only repeats it.
        var errors = parse.Errors.Count > 1 && suggestions.Count > 0 ? parse.Errors.Where(e => parse.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))).ToList() : parse.Errors.ToList();
        foreach (var error in errors)
        {
            var token = suggestions.FirstOrDefault(s => error.Message.Contains($"'{s.Token}'", StringComparison.Ordinal));
            var hint = token.Suggestions is { Count: > 0 } list ? $"; did you mean {string.Join(" or ", list.Select(w => $"`{w}`"))}?" : "";
            Console.Error.WriteLine($"asd: {error.Message.TrimEnd('.')}{hint} (see `{command} --help`)");
        }
        return 2;
    }

    private static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var r = result; r is not null && r.Command is not RootCommand; r = r.Parent as System.CommandLine.Parsing.CommandResult) names.Insert(0, r.Command.Name);
        return string.Join(' ', names);
    }

    /// <summary>The library's own typo corrections (ParseErrorAction), read back from what it would print.</summary>
    private static List<(string Token, IReadOnlyList<string> Suggestions)> TypoCorrections(ParseResult parse)
    {
        if (parse.Action is not ParseErrorAction action) return [];
        action.ShowHelp = false;
        action.ShowTypoCorrections = true;
        var text = new StringWriter();
        parse.Invoke(new InvocationConfiguration { Output = text, Error = text });
        var found = new List<(string, IReadOnlyList<string>)>();
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            // "'rn' was not matched. Did you mean one of the following?" then one suggestion per line
            if (!lines[i].EndsWith('?') || !lines[i].StartsWith('\'')) continue;
            var token = lines[i][1..lines[i].IndexOf('\'', 1)];
            var words = lines.Skip(i + 1).TakeWhile(l => !l.StartsWith('\'') && !l.Contains(' ')).ToList();
            found.Add((token, words));
        }
        return found;
    }
}

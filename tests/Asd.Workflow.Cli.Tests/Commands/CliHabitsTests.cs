using System.CommandLine;
using System.Text.Json;
using Asd.Workflow.Cli.Commands;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Commands;

/// <summary>The command line's manners: typo hints, help, option parsing, completion, --json text, small listings.</summary>
public sealed class CliHabitsTests(TinyDataSet data) : IClassFixture<TinyDataSet>
{
    [Fact]
    public void Parse_UnknownCommand_OneLineWithTheClosestCommand()
    {
        var result = AsdProcess.Run(Path.GetTempPath(), "rn");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("asd: Unrecognized command or argument 'rn'; did you mean `run`? (see `asd --help`)", result.Err.Trim());
    }

    [Fact]
    public void Main_NoArguments_PrintsHelp()
    {
        var result = AsdProcess.Run(Path.GetTempPath());
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Out);
        Assert.Contains("recompute", result.Out);
        Assert.Equal("", result.Err);
    }

    [Theory]
    [InlineData("abc", "asd: --jobs 'abc' must be an integer: the number of shards run in parallel, at least 1 (e.g. --jobs 4) (see `asd run --help`)")]
    [InlineData("0", "asd: --jobs 0: give at least 1 (the number of shards run in parallel) (see `asd run --help`)")]
    [InlineData("-3", "asd: --jobs -3: give at least 1 (the number of shards run in parallel) (see `asd run --help`)")]
    public void Jobs_NotAPositiveInteger_RefusedWithOneLine(string value, string expected)
    {
        var result = AsdProcess.Run(Path.GetTempPath(), "run", AsdProcess.Workflow("tiny.yaml"), "--jobs", value);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected, result.Err.Trim());
    }

    [Fact]
    public void Help_EveryCommand_OneExampleAndNoDefaultSaidTwice()
    {
        var commands = new List<Command>();
        void Walk(Command c) { commands.Add(c); foreach (var sub in c.Subcommands) Walk(sub); }
        Walk(CommandLine.Root());
        Assert.True(commands.Count > 15);
        foreach (var command in commands)
        {
            var examples = (command.Description ?? "").Split("Example: ").Length - 1;
            Assert.True(examples == 1, $"{command.Name}: {examples} examples");
            foreach (var option in command.Options.Where(o => o.HasDefaultValue))
                Assert.False(option.Description?.Contains("default", StringComparison.OrdinalIgnoreCase) ?? false,
                    $"{command.Name} {option.Name}: help already shows the default: {option.Description}");
        }
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _asd_complete asd ./asd")]
    [InlineData("zsh", "compdef _asd_complete asd ./asd")]
    [InlineData("fish", "complete -c asd -f -a '(__asd_complete)'")]
    public void Completion_Shell_PrintsAScriptThatAsksTheSuggestDirective(string shell, string registers)
    {
        var script = AsdProcess.Run(Path.GetTempPath(), "completion", shell);
        Assert.Equal(0, script.ExitCode);
        Assert.Contains("[suggest:", script.Out);
        Assert.Contains(registers, script.Out);
    }

    [Fact]
    public void Completion_SuggestDirective_CompletesCommandsAndOptions()
    {
        var commands = AsdProcess.Run(Path.GetTempPath(), "[suggest:1]", "r").Lines;
        Assert.Equal(["recompute", "run"], commands.Where(c => c.StartsWith('r')).Order(StringComparer.Ordinal)); // what a shell keeps
        Assert.DoesNotContain("demo", commands);
        var options = AsdProcess.Run(Path.GetTempPath(), "[suggest:11]", "status --on").Lines;
        Assert.Equal(["--only-stale"], options.Where(o => o.StartsWith("--on", StringComparison.Ordinal)));
        Assert.Equal(2, AsdProcess.Run(Path.GetTempPath(), "completion", "tcsh").ExitCode);
    }

    [Fact]
    public void StoreStats_Json_OneObjectWithoutUnicodeEscapes()
    {
        var dir = RepoPaths.TempDir("stats-json");
        var store = Path.Combine(dir, "st<o>re & café");
        var result = AsdProcess.Run(dir, "store", "stats", "--store", store, "--json");
        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Single(result.Lines);
        Assert.Contains("st<o>re & café", result.Out); // as written, not st\u003Co\u003Ere \u0026 caf\u00E9
        var stats = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(store, stats.GetProperty("store").GetString());
        Assert.Equal(0, stats.GetProperty("objects").GetInt32());
        Assert.Equal(0, stats.GetProperty("runs").GetInt32());
    }

    [Fact]
    public void Status_OnlyStale_ListsOnlyShardsThatWouldRun()
    {
        var dir = RepoPaths.TempDir("only-stale");
        string[] common = ["--data", data.Root, "--set", "bad=fail", "--store", "store"];
        var fresh = AsdProcess.Run(dir, ["status", AsdProcess.Workflow("tiny.yaml"), .. common, "--only-stale", "--json"]);
        Assert.Equal(20, fresh.Lines.Length);
        Assert.Equal(0, AsdProcess.Run(dir, ["run", AsdProcess.Workflow("tiny.yaml"), .. common]).ExitCode);
        var after = AsdProcess.Run(dir, ["status", AsdProcess.Workflow("tiny.yaml"), .. common, "--only-stale"]);
        Assert.Equal(["20 up to date, 0 would run"], after.Lines);
        Assert.Equal(21, AsdProcess.Run(dir, ["status", AsdProcess.Workflow("tiny.yaml"), .. common]).Lines.Length); // without it: every shard
    }

    [Fact]
    public void Validate_OneSystemsFolder_SuggestsItsParent()
    {
        var dir = RepoPaths.TempDir("validate-system");
        Assert.Equal(0, AsdProcess.Run(dir, "run", AsdProcess.Workflow("tiny.yaml"), "--data", data.Root, "--set", "bad=fail", "--store", "store", "--out", "out").ExitCode);
        var system = Path.Combine("out", "package", "system");
        var result = AsdProcess.Run(dir, "validate", system, "--data", data.Root);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"asd: {system} holds one system's CSV files, not a package of systems; validate its parent: asd validate {Path.Combine("out", "package")} --data {data.Root}", result.Err.Trim());
        Assert.Equal(0, AsdProcess.Run(dir, "validate", Path.Combine("out", "package"), "--data", data.Root).ExitCode); // the suggestion works
    }
}

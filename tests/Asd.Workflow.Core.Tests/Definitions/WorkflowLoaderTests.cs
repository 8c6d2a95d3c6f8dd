using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Tests.Fakes;

namespace Asd.Workflow.Core.Tests.Definitions;

public sealed class WorkflowLoaderTests
{
    private readonly EngineFixture _engine = new();

    private AsdException LoadError(string yaml) => Assert.Throws<AsdException>(() => _engine.Load(yaml));

    [Fact]
    public void Load_Cycle_ReportsTheCyclePathWithPosition()
    {
        var error = LoadError("""
            name: loop
            stages:
              a: { uses: transform, needs: [c] }
              b: { uses: transform, needs: [a] }
              c: { uses: transform, needs: [b] }
            """);
        Assert.Equal(ErrorCode.BadInput, error.Code);
        var line = Assert.Single(error.Details);
        Assert.Matches(@"^wf\.yaml:\d+:\d+: cycle: (a -> c -> b -> a|c -> b -> a -> c|b -> a -> c -> b)$", line);
    }

    [Fact]
    public void Load_UnknownKeysAndBadTypes_ReportsEveryProblemAtOnceWithLineAndColumn()
    {
        var error = LoadError("""
            name: bad
            colour: blue
            stages:
              a: { uses: transform, with: { add: lots, modulo: 0, mode: c, speed: 3 } }
              b: { uses: nosuch }
              c: { uses: transform, needs: [zzz] }
              a: { uses: transform }
            """);
        Assert.Equal(2, error.ExitCode);
        Assert.Contains(error.Details, d => d.StartsWith("wf.yaml:2:1: unknown key 'colour'", StringComparison.Ordinal));
        Assert.Contains(error.Details, d => d == "wf.yaml:4:38: option 'add' must be an integer, got 'lots'");
        Assert.Contains(error.Details, d => d == "wf.yaml:4:52: option 'modulo' is 0, out of range [1, 1000000]");
        Assert.Contains(error.Details, d => d == "wf.yaml:4:61: option 'mode' is 'c', allowed: a, b");
        Assert.Contains(error.Details, d => d.StartsWith("wf.yaml:4:64: unknown option 'speed' for activity 'transform'", StringComparison.Ordinal));
        Assert.Contains(error.Details, d => d.StartsWith("wf.yaml:5:14: unknown activity 'nosuch'", StringComparison.Ordinal));
        Assert.Contains(error.Details, d => d.StartsWith("wf.yaml:6:3: stage 'c' needs 'zzz', which names no stage", StringComparison.Ordinal));
        Assert.Contains(error.Details, d => d.StartsWith("wf.yaml:7:3: duplicate stage name 'a'", StringComparison.Ordinal));
        Assert.Equal(8, error.Details.Count);
    }

    [Fact]
    public void Load_UnsetVariable_NamesItWithPosition()
    {
        var error = LoadError("""
            name: v
            dataset: ${data}
            stages:
              a: { uses: transform }
            """);
        Assert.Equal("wf.yaml:2:10: variable '${data}' is not set (use --data DIR)", Assert.Single(error.Details));
    }

    [Fact]
    public void Load_ValidWorkflow_ResolvesDefaultsAndOrdersTopologically()
    {
        var wf = _engine.Load("""
            name: ok
            stages:
              late: { uses: transform, needs: [early] }
              early: { uses: transform, with: { add: 2 } }
            """);
        Assert.Equal(["early", "late"], wf.Stages.Select(s => s.Name));
        Assert.Equal(2, (int)wf.Stage("early").Options["add"]!);
        Assert.Equal(1000000, (int)wf.Stage("late").Options["modulo"]!);
    }

    [Fact]
    public void Load_YamlSyntaxError_ReportsPosition()
    {
        var error = LoadError("name: x\nstages: [\n");
        Assert.Matches(@"^wf\.yaml:\d+:\d+: YAML syntax error", error.Message);
    }

    [Fact]
    public void Load_NestingDeeperThan64_IsABadInputAtTheDeepNode()
    {
        var error = LoadError("name: deep\nstages:\n  a: " + new string('[', 100) + new string(']', 100) + "\n");
        Assert.Equal(ErrorCode.BadInput, error.Code);
        // The root mapping is depth 0, stages 1, a's sequences 2…: the 64th '[' (column 6 + 63) is the first too deep.
        Assert.Equal("wf.yaml:3:69: YAML syntax error: nested deeper than 64 levels; a workflow needs far fewer", error.Message);
    }

    [Fact]
    public void Text_Latin1Bytes_IsABadInputWithTheOffset()
    {
        var error = Assert.Throws<AsdException>(() => Core.Definitions.WorkflowLoader.Text([(byte)'n', (byte)':', (byte)' ', 0xE9, (byte)'\n'], "wf.yaml"));
        Assert.Equal(ErrorCode.BadInput, error.Code);
        Assert.Equal("wf.yaml: not UTF-8 text (invalid byte at offset 3); save the workflow as UTF-8 YAML", error.Message);
        Assert.Equal("name: x\n", Core.Definitions.WorkflowLoader.Text([0xEF, 0xBB, 0xBF, .. "name: x\n"u8.ToArray()], "wf.yaml"));
    }
}

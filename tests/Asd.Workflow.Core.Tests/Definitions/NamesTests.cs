using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Tests.Fakes;

namespace Asd.Workflow.Core.Tests.Definitions;

public sealed class NamesTests
{
    private readonly EngineFixture _engine = new();

    [Theory]
    [InlineData("system", true)]
    [InlineData("Team_A-task2_1", true)]
    [InlineData("a1", true)]
    [InlineData("../x", false)]
    [InlineData("/tmp/x", false)]
    [InlineData("x/y", false)]
    [InlineData("..", false)]
    [InlineData("-rf", false)]
    [InlineData("1st", false)]
    [InlineData("a.b", false)]
    [InlineData("a b", false)]
    [InlineData("", false)]
    public void IsValid_Name_MatchesTheRule(string name, bool valid) => Assert.Equal(valid, Names.IsValid(name));

    [Fact]
    public void IsValid_LongerThanTheLimit_Refused()
    {
        Assert.True(Names.IsValid(new string('a', Names.MaxLength)));
        Assert.False(Names.IsValid(new string('a', Names.MaxLength + 1)));
    }

    [Fact]
    public void Load_StageNamesThatWouldLeaveTheOutFolder_EachReportedWithLineAndColumn()
    {
        var error = Assert.Throws<AsdException>(() => _engine.Load("""
            name: escape
            stages:
              ../x: { uses: transform }
              /tmp/x: { uses: transform }
              ok: { uses: transform }
            """));
        Assert.Equal(ErrorCode.BadInput, error.Code);
        Assert.Equal(2, error.ExitCode);
        Assert.Equal([
            $"wf.yaml:3:3: stage name '../x' is not a valid name (allowed: {Names.Rule})",
            $"wf.yaml:4:3: stage name '/tmp/x' is not a valid name (allowed: {Names.Rule})"], error.Details);
    }

    [Fact]
    public void Load_WorkflowNameWithASeparator_ReportedWithLineAndColumn()
    {
        var error = Assert.Throws<AsdException>(() => _engine.Load("name: a/b\nstages:\n  s: { uses: transform }\n"));
        Assert.Equal($"wf.yaml:1:7: workflow name 'a/b' is not a valid name (allowed: {Names.Rule})", Assert.Single(error.Details));
    }
}

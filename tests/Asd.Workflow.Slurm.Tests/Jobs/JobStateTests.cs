using Asd.Workflow.Slurm.Jobs;

namespace Asd.Workflow.Slurm.Tests.Jobs;

public sealed class JobStateTests
{
    [Theory]
    [InlineData("17|RUNNING|None", "17", "RUNNING", false)]
    [InlineData("17|PENDING|Resources", "17", "PENDING", false)]
    [InlineData("18|COMPLETED|None", "18", "COMPLETED", true)]
    [InlineData("19|CANCELLED by 0|None", "19", "CANCELLED", true)]
    [InlineData("20|TIMEOUT|TimeLimit", "20", "TIMEOUT", true)]
    [InlineData("21|COMPLETING|None", "21", "COMPLETING", false)]
    public void ParseLine_SqueueLine_IdStateAndWhetherFinished(string line, string id, string state, bool finished)
    {
        var parsed = JobState.ParseLine(line)!.Value;
        Assert.Equal(id, parsed.Id);
        Assert.Equal(state, parsed.State.State);
        Assert.Equal(finished, parsed.State.IsFinished);
        Assert.Equal(state == "COMPLETED", parsed.State.Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    public void ParseLine_NotAJobLine_Null(string line) => Assert.Null(JobState.ParseLine(line));
}

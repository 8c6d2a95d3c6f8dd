using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Tests.Fakes;

namespace Asd.Workflow.Core.Tests.Definitions;

public sealed class StageResourcesTests
{
    private readonly EngineFixture _engine = new();

    [Fact]
    public void Load_Resources_ParsedPerStage_AndNotInTheStageIdentity()
    {
        var wf = _engine.Load("""
            name: r
            stages:
              a: { uses: transform, resources: { cpus: 4, mem: 8G, gpus: 1, time: 1h30m, batch: 8 } }
              b: { uses: transform }
            """);
        Assert.Equal(new StageResources(4, "8G", 1, TimeSpan.FromMinutes(90), 8), wf.Stage("a").Resources);
        Assert.Equal(StageResources.Default, wf.Stage("b").Resources);
        var plain = _engine.Load("name: r\nstages:\n  a: { uses: transform }\n");
        var key = Core.Engine.StageIdentity.Of(_engine.Registry.Get("transform"), wf.Stage("a").TypedOptions, []).ForShard(Core.Activities.Shard.All, []).Key;
        var keyPlain = Core.Engine.StageIdentity.Of(_engine.Registry.Get("transform"), plain.Stage("a").TypedOptions, []).ForShard(Core.Activities.Shard.All, []).Key;
        Assert.Equal(keyPlain, key);
    }

    [Fact]
    public void Load_BadResources_EveryProblemWithLineAndColumn()
    {
        var error = Assert.Throws<AsdException>(() => _engine.Load("""
            name: r
            stages:
              a: { uses: transform, resources: { cpus: 0, mem: 8GB, gpus: many, time: 30 minutes, batch: 0, disk: 1 } }
              b: { uses: transform, resources: 4 }
            """));
        Assert.Equal(2, error.ExitCode);
        Assert.Equal([
            "wf.yaml:3:44: resources.cpus of stage 'a' is '0'; give a whole number of CPUs, 1–1024",
            "wf.yaml:3:52: resources.mem of stage 'a' is '8GB'; give a size such as 512M, 8G or 1T",
            "wf.yaml:3:63: resources.gpus of stage 'a' is 'many'; give a whole number of GPUs, 0–64",
            "wf.yaml:3:75: resources.time of stage 'a' is '30 minutes'; give a duration such as 90s, 30m, 2h, 1h30m or 1d",
            "wf.yaml:3:94: resources.batch of stage 'a' is '0'; give the number of shards per job, 1–4096",
            "wf.yaml:3:97: unknown key 'disk' in resources of stage 'a' (allowed: cpus, mem, gpus, time, batch)",
            "wf.yaml:4:36: 'resources' of stage 'b' must be a mapping such as { cpus: 4, mem: 8G, gpus: 1, time: 30m, batch: 8 }",
        ], error.Details);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("2h", 7200)]
    [InlineData("1h30m", 5400)]
    [InlineData("1d", 86400)]
    [InlineData("1d2h3m4s", 93784)]
    public void ParseTime_Durations_Seconds(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), StageResources.ParseTime(text));

    [Theory]
    [InlineData("")]
    [InlineData("0s")]
    [InlineData("30")]
    [InlineData("m30")]
    [InlineData("30m1h")]
    [InlineData("400d")]
    public void ParseTime_NotADuration_Null(string text) => Assert.Null(StageResources.ParseTime(text));
}

using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Slurm.Jobs;

namespace Asd.Workflow.Slurm.Tests.Jobs;

public sealed class JobScriptTests
{
    [Fact]
    public void Build_ResourcesAndSettings_BecomeSbatchLines_ValuesQuoted()
    {
        var settings = new SlurmSettings
        {
            Partition = "cpu", GpuPartition = "gpu", Account = "dcase", Setup = ["module load dotnet/10"], SbatchOptions = ["--qos=short"],
        };
        var script = JobScript.Build("asd-x-1", "/s/slurm/x/job-%j.log", new StageResources(4, "8G", null, TimeSpan.FromMinutes(30), 2), wantsGpu: true,
            settings, ["/opt/dotnet/dotnet", "/opt/asd/asd.dll"], "/shared/it's/store", ["/s/1.request.json", "/s/2.request.json"], ["embed/fan/00", "embed/pump/00"]);
        Assert.Equal("""
            #!/bin/bash
            #SBATCH --job-name=asd-x-1
            #SBATCH --output=/s/slurm/x/job-%j.log
            #SBATCH --nodes=1
            #SBATCH --ntasks=1
            #SBATCH --no-requeue
            #SBATCH --partition=gpu
            #SBATCH --account=dcase
            #SBATCH --cpus-per-task=4
            #SBATCH --mem=8G
            #SBATCH --gres=gpu:1
            #SBATCH --time=0-01:00:00
            #SBATCH --qos=short
            set -e
            export ASD_SHARDS='embed/fan/00 embed/pump/00'
            module load dotnet/10
            exec /opt/dotnet/dotnet /opt/asd/asd.dll exec-shard --store '/shared/it'\''s/store' /s/1.request.json /s/2.request.json

            """.Replace("\r", ""), script);
    }

    [Fact]
    public void Build_NoGpuWanted_NoGresAndTheCpuPartition_ExplicitGpusWin()
    {
        var settings = new SlurmSettings { Partition = "cpu", GpuPartition = "gpu" };
        var cpu = JobScript.Build("j", "l", StageResources.Default, wantsGpu: false, settings, ["asd"], "/s", ["r"], ["s/*"]);
        Assert.DoesNotContain("--gres", cpu);
        Assert.Contains("#SBATCH --partition=cpu\n", cpu);
        var none = JobScript.Build("j", "l", StageResources.Default with { Gpus = 0 }, wantsGpu: true, settings, ["asd"], "/s", ["r"], ["s/*"]);
        Assert.DoesNotContain("--gres", none);
        var two = JobScript.Build("j", "l", StageResources.Default with { Gpus = 2 }, wantsGpu: false, settings, ["asd"], "/s", ["r"], ["s/*"]);
        Assert.Contains("#SBATCH --gres=gpu:2\n", two);
    }

    [Theory]
    [InlineData(90, 1, "0-00:01:30")]
    [InlineData(1800, 3, "0-01:30:00")]
    [InlineData(86400 + 3661, 1, "1-01:01:01")]
    public void SlurmTime_PerShardTimesShards(int seconds, int shards, string expected) =>
        Assert.Equal(expected, JobScript.SlurmTime(TimeSpan.FromSeconds(seconds), shards));
}

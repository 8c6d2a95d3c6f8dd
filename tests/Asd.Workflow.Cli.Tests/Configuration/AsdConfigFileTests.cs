using Asd.Workflow.Cli.Composition;
using Asd.Workflow.Cli.Configuration;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Configuration;

public sealed class AsdConfigFileTests
{
    private static string Write(string text)
    {
        var path = Path.Combine(RepoPaths.TempDir("config"), "asd.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Read_EveryKey_BoundAndFlagsWinOverTheFile()
    {
        var path = Write("""
            executor: slurm
            store: shared/store
            slurm:
              partition: cpu
              gpu_partition: gpu
              account: dcase
              max_jobs: 12
              batch: 4
              setup: [ "module load dotnet/10" ]
              sbatch_options: [ "--qos=short" ]
              command: [ /opt/dotnet/dotnet, /opt/asd/asd.dll ]
              max_poll: 5s
              fail_fast: false
            remote_cache: { url: "https://cache.example.org/asd", upload: false, auth_header_env: TOKEN, basic_auth_env: USERPASS, netrc: /n/.netrc }
            """);
        var config = AsdConfigFile.Read(path);
        Assert.Equal("slurm", config.Executor);
        Assert.Equal(Path.Combine(Path.GetDirectoryName(path)!, "shared", "store"), AsdConfigFile.Resolve(config, config.Store!));
        Assert.Equal(("https://cache.example.org/asd", false, "TOKEN", "USERPASS", "/n/.netrc"),
            (config.RemoteCache!.Url, config.RemoteCache.Upload, config.RemoteCache.AuthHeaderEnv, config.RemoteCache.BasicAuthEnv, config.RemoteCache.Netrc));

        var fromFile = SlurmComposition.Settings(config, partition: null, account: null, jobs: null);
        Assert.Equal(("cpu", "gpu", "dcase", 12, 4, TimeSpan.FromSeconds(5), false),
            (fromFile.Partition, fromFile.GpuPartition, fromFile.Account, fromFile.MaxJobs, fromFile.Batch, fromFile.MaxPoll, fromFile.FailFast));
        Assert.Equal(["module load dotnet/10"], fromFile.Setup);
        Assert.Equal(["--qos=short"], fromFile.SbatchOptions);
        Assert.Equal(["/opt/dotnet/dotnet", "/opt/asd/asd.dll"], fromFile.Command);

        var flags = SlurmComposition.Settings(config, partition: "big", account: "other", jobs: 3);
        Assert.Equal(("big", "other", 3), (flags.Partition, flags.Account, flags.MaxJobs));
        Assert.Equal(new Asd.Workflow.Slurm.SlurmSettings().MaxJobs, SlurmComposition.Settings(AsdConfig.Empty, null, null, null).MaxJobs);
    }

    [Fact]
    public void Read_BadValues_EveryProblemWithFileLineColumn()
    {
        var path = Write("""
            executor: cluster
            slurm:
              max_jobs: 0
              max_poll: soon
            remote_cache:
              url: "https://me:secret@cache.example.org/"
              auth_header_env: "not a name"
            """);
        var error = Assert.Throws<AsdException>(() => AsdConfigFile.Read(path));
        Assert.Equal(ErrorCode.BadInput, error.Code);
        Assert.Equal([
            $"{path}:1:11: executor is 'cluster', allowed: local, slurm",
            $"{path}:3:13: slurm.max_jobs is 0; give 1–10000 jobs in flight",
            $"{path}:4:13: slurm.max_poll is 'soon'; give a duration such as 2s or 1m",
            $"{path}:6:8: remote_cache.url carries credentials; name them with auth_header_env, basic_auth_env or netrc instead",
            $"{path}:7:20: remote_cache.auth_header_env is 'not a name'; give the name of an environment variable",
        ], error.Details);
    }

    [Fact]
    public void Read_UnknownKeyOrWrongType_OneLineWithPosition()
    {
        var unknown = Write("slurm:\n  partition: cpu\n  acount: x\n");
        Assert.Equal($"{unknown}:3:3: unknown key 'acount' (allowed: see README, section Configuration)",
            Assert.Throws<AsdException>(() => AsdConfigFile.Read(unknown)).Message);
        var wrongType = Write("slurm:\n  max_jobs: many\n");
        Assert.StartsWith($"{wrongType}:2:13: ", Assert.Throws<AsdException>(() => AsdConfigFile.Read(wrongType)).Message);
    }

    [Fact]
    public void Find_ConfigAtTheRepositoryRoot_FoundFromASubfolder_NotAboveTheRepository()
    {
        var outer = RepoPaths.TempDir("config-find");
        var repo = Path.Combine(outer, "repo");
        var sub = Path.Combine(repo, "a", "b");
        Directory.CreateDirectory(sub);
        Directory.CreateDirectory(Path.Combine(repo, ".git"));
        File.WriteAllText(Path.Combine(outer, "asd.yaml"), "executor: slurm\n"); // above the repository: not read
        Assert.Null(AsdConfigFile.Find(sub));
        File.WriteAllText(Path.Combine(repo, "asd.yaml"), "executor: slurm\n");
        Assert.Equal(Path.Combine(repo, "asd.yaml"), AsdConfigFile.Find(sub));
    }
}

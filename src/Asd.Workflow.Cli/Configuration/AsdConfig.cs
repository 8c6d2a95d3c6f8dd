namespace Asd.Workflow.Cli.Configuration;

/// <summary>
/// The optional configuration file (<c>asd.yaml</c> at the repository root, or <c>--config PATH</c>): settings a
/// team would otherwise repeat as flags. Read once in Main (<see cref="AsdConfigFile"/>); a flag given on the
/// command line wins over the file, the file over built-in defaults. Keys are snake_case; an unknown key is an
/// error with its file:line:column.
/// </summary>
public sealed class AsdConfig
{
    public static readonly AsdConfig Empty = new();

    /// <summary>local (default) or slurm: where <c>asd run</c> executes stage shards.</summary>
    public string? Executor { get; set; }

    /// <summary>Store folder; <c>--store</c> and <c>$ASD_STORE</c> win over it. Relative to the file's folder.</summary>
    public string? Store { get; set; }

    public SlurmSection? Slurm { get; set; }

    public RemoteCacheSection? RemoteCache { get; set; }

    /// <summary>The file the settings came from; null when there is none.</summary>
    [YamlDotNet.Serialization.YamlIgnore] public string? SourceFile { get; set; }
}

/// <summary>The <c>slurm:</c> section: see <see cref="Slurm.SlurmSettings"/> for what each key does.</summary>
public sealed class SlurmSection
{
    public string? Partition { get; set; }
    public string? GpuPartition { get; set; }
    public string? Account { get; set; }
    public int? MaxJobs { get; set; }
    public int? Batch { get; set; }
    public List<string>? Setup { get; set; }
    public List<string>? SbatchOptions { get; set; }
    public List<string>? Command { get; set; }
    /// <summary>A duration such as 2s or 1m.</summary>
    public string? MaxPoll { get; set; }
    public bool? FailFast { get; set; }
}

/// <summary>
/// The <c>remote_cache:</c> section (parsed and validated here; the remote cache reads it through its own
/// settings record, branch remote-cache: url → Url, upload → Upload, auth_header_env → HeaderVariable,
/// basic_auth_env → BasicAuthVariable, netrc → NetrcFile): the cache's URL, whether this machine uploads, and
/// where credentials come from (names only: secrets never go in this file).
/// </summary>
public sealed class RemoteCacheSection
{
    /// <summary>http:// or https:// base URL of the cache, without credentials.</summary>
    public string? Url { get; set; }

    /// <summary>Upload executions and memo entries made here (default true; false for read-only members).</summary>
    public bool? Upload { get; set; }

    /// <summary>Name of the environment variable holding a whole HTTP header line for authentication, e.g. "Authorization: Bearer …".</summary>
    public string? AuthHeaderEnv { get; set; }

    /// <summary>Name of the environment variable holding user:password for HTTP basic auth.</summary>
    public string? BasicAuthEnv { get; set; }

    /// <summary>A netrc file with credentials for the cache's host.</summary>
    public string? Netrc { get; set; }
}

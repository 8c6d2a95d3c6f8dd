using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Contracts;

/// <summary>
/// The store's index: executions by cache key, the last key of every stage shard (for status), runs, the
/// data-set stat cache and artifact metadata. Everything in it can be rebuilt from the objects.
/// </summary>
public interface IRunIndex : IClipMemo
{
    ExecutionRecord? FindExecution(Digest cacheKey);
    void RecordExecution(ExecutionRecord record, Digest recordObject);

    /// <summary>The cache-key document a stage shard last ran (or was found cached) with.</summary>
    StageState? FindStageState(string workflow, string stage, string shard);
    void SaveStageStates(IEnumerable<StageState> states);

    void RecordRun(RunRecord run);
    IReadOnlyList<RunRecord> Runs();

    IReadOnlyList<ExecutionRecord> Executions();

    /// <summary>A data-set snapshot (its JSON) remembered under a fingerprint of the file listing.</summary>
    string? FindDatasetSnapshot(string fingerprint);
    void SaveDatasetSnapshot(string fingerprint, string snapshotJson);

    IReadOnlyDictionary<string, FileStat> LoadStatCache();
    void SaveStatCache(IEnumerable<FileStat> stats);

    /// <summary>Writes memo entries buffered by <see cref="IClipMemo.Put"/> (one transaction per shard, not per clip).</summary>
    void CommitMemo();

    void Clear();
}

/// <summary>
/// What the stat cache remembers of a data-set file so unchanged files are never re-read. A racy entry (the
/// file's mtime or ctime was within one timestamp tick of the scan that recorded it) is re-read next time.
/// </summary>
public sealed record FileStat(string Path, FileIdentity Identity, string Sha256, bool Racy);

public sealed record StageState(string Workflow, string Stage, string Shard, string CacheKey, string KeyDocument);

public sealed record RunRecord(string RunId, string Workflow, IReadOnlyList<string> ExecutionKeys, int Ran, int Cached, int Failed);

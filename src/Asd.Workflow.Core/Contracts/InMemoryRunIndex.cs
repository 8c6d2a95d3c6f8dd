using System.Collections.Concurrent;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Contracts;

/// <summary>An in-memory index for tests of the engine and of activities.</summary>
public sealed class InMemoryRunIndex : IRunIndex
{
    private readonly ConcurrentDictionary<string, ExecutionRecord> _executions = new();
    private readonly ConcurrentDictionary<string, StageState> _states = new();
    private readonly ConcurrentDictionary<string, FileStat> _stats = new();
    private readonly ConcurrentQueue<RunRecord> _runs = new();
    private readonly InMemoryClipMemo _memo = new();

    public ExecutionRecord? FindExecution(Digest cacheKey) => _executions.GetValueOrDefault(cacheKey.ToString());
    public void RecordExecution(ExecutionRecord record, Digest recordObject) => _executions[record.CacheKey] = record;
    public StageState? FindStageState(string workflow, string stage, string shard) => _states.GetValueOrDefault($"{workflow}|{stage}|{shard}");
    public void SaveStageStates(IEnumerable<StageState> states) { foreach (var s in states) _states[$"{s.Workflow}|{s.Stage}|{s.Shard}"] = s; }
    public void RecordRun(RunRecord run) => _runs.Enqueue(run);
    public IReadOnlyList<RunRecord> Runs() => _runs.ToList();
    public IReadOnlyList<ExecutionRecord> Executions() => _executions.Values.ToList();
    private readonly ConcurrentDictionary<string, string> _snapshots = new();
    public string? FindDatasetSnapshot(string fingerprint) => _snapshots.GetValueOrDefault(fingerprint);
    public void SaveDatasetSnapshot(string fingerprint, string snapshotJson) => _snapshots[fingerprint] = snapshotJson;
    public IReadOnlyDictionary<string, FileStat> LoadStatCache() => new Dictionary<string, FileStat>(_stats);
    public void SaveStatCache(IEnumerable<FileStat> stats) { foreach (var s in stats) _stats[s.Path] = s; }
    public bool TryGet(Digest key, out Digest value) => _memo.TryGet(key, out value);
    public void Put(Digest key, Digest value) => _memo.Put(key, value);
    public void CommitMemo() { }
    public void Clear() { _executions.Clear(); _states.Clear(); _stats.Clear(); _snapshots.Clear(); }
}

using System.Text;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;
using LiteDB;

namespace Asd.Workflow.Store.Index;

/// <summary>
/// The store index in LiteDB (<c>store/index.db</c>). Execution records are kept as their canonical JSON, the
/// same bytes as their object, so <c>asd store reindex</c> rebuilds this from the objects alone.
/// </summary>
public sealed partial class LiteDbRunIndex : IRunIndex, IDisposable
{
    private readonly LiteDatabase _db;
    private readonly ILiteCollection<BsonDocument> _executions, _artifacts, _states, _runs, _stats, _memo, _snapshots;

    public LiteDbRunIndex(string path)
    {
        FilePath = path;
        _db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct });
        _executions = _db.GetCollection("executions");
        _artifacts = _db.GetCollection("artifacts");
        _states = _db.GetCollection("stage_states");
        _runs = _db.GetCollection("runs");
        _stats = _db.GetCollection("stat_cache");
        _memo = _db.GetCollection("clip_memo");
        _snapshots = _db.GetCollection("dataset_snapshots");
        CreateCollections();
    }

    /// <summary>The index file (LiteDB keeps its write-ahead log beside it, see <see cref="IndexFiles.LogOf"/>).</summary>
    public string FilePath { get; }

    /// <summary>
    /// Opens the index and reads every collection's page chain, so a truncated or overwritten file is found here,
    /// not halfway through a run: a damaged file throws <see cref="ErrorCode.IndexDamaged"/> naming the repair.
    /// </summary>
    public static LiteDbRunIndex Open(string path)
    {
        LiteDbRunIndex? index = null;
        try
        {
            index = new LiteDbRunIndex(path);
            foreach (var collection in index.All) collection.Count();
            return index;
        }
        catch (Exception ex) when (IndexDamage.IsDamage(ex))
        {
            try { index?.Dispose(); }
            catch (Exception disposing) when (IndexDamage.IsDamage(disposing)) { } // the file is being reported as damaged anyway
            throw IndexDamage.Error(path, ex);
        }
    }

    /// <summary>
    /// Creates every collection up front, before shards run in parallel: LiteDB 5 can fail a read with "page
    /// type must be collection page" when another thread's transaction is creating that collection at the same
    /// moment (LiteDB issue #2792), which a fresh store otherwise hits when the first shards write their memo.
    /// </summary>
    private ILiteCollection<BsonDocument>[] All => [_executions, _artifacts, _states, _runs, _stats, _memo, _snapshots];

    private void CreateCollections()
    {
        foreach (var collection in All)
        {
            // LiteDB creates a collection with its first document: a placeholder, deleted at once (two auto-commits;
            // one transaction for all made a fresh index 176 KB instead of 128 KB). A process killed in between
            // leaves the placeholder, a document without "json": the next open deletes it before anything reads.
            if (!_db.CollectionExists(collection.Name)) collection.Insert(new BsonDocument { ["_id"] = Placeholder });
            else if (collection.FindById(Placeholder) is null) continue; // an index that opens clean is not written
            collection.Delete(Placeholder);
        }
    }

    private const string Placeholder = "_create";

    public ExecutionRecord? FindExecution(Digest cacheKey)
    {
        var doc = _executions.FindById(cacheKey.ToString());
        return doc is null ? null : JsonDefaults.Deserialize<ExecutionRecord>(Encoding.UTF8.GetBytes(doc["json"].AsString));
    }

    /// <summary>The execution and its artifacts in one transaction: a process killed in between leaves neither.</summary>
    public void RecordExecution(ExecutionRecord record, Digest recordObject)
    {
        _db.BeginTrans();
        _executions.Upsert(new BsonDocument
        {
            ["_id"] = record.CacheKey,
            ["json"] = Encoding.UTF8.GetString(CanonicalJson.Serialize(record)),
            ["object"] = recordObject.ToString(),
            ["kind"] = record.Kind,
        });
        foreach (var output in record.Outputs)
            _artifacts.Upsert(new BsonDocument
            {
                ["_id"] = output.Digest,
                ["media_type"] = output.MediaType,
                ["producer"] = record.CacheKey,
                ["port"] = output.Port,
            });
        _db.Commit();
    }

    public IReadOnlyList<ExecutionRecord> Executions() =>
        _executions.FindAll().Select(d => JsonDefaults.Deserialize<ExecutionRecord>(Encoding.UTF8.GetBytes(d["json"].AsString))).ToList();

    public IReadOnlyList<string> ExecutionObjects() => _executions.FindAll().Select(d => d["object"].AsString).ToList();

    public int ArtifactCount => _artifacts.Count();

    public StageState? FindStageState(string workflow, string stage, string shard)
    {
        var doc = _states.FindById($"{workflow}|{stage}|{shard}");
        return doc is null ? null : new StageState(workflow, stage, shard, doc["key"].AsString, doc["doc"].AsString);
    }

    public void SaveStageStates(IEnumerable<StageState> states)
    {
        var changed = states.Where(s => _states.FindById($"{s.Workflow}|{s.Stage}|{s.Shard}")?["key"].AsString != s.CacheKey).ToList();
        if (changed.Count == 0) return;
        _db.BeginTrans();
        foreach (var s in changed)
            _states.Upsert(new BsonDocument { ["_id"] = $"{s.Workflow}|{s.Stage}|{s.Shard}", ["key"] = s.CacheKey, ["doc"] = s.KeyDocument });
        _db.Commit();
    }

    public void RecordRun(RunRecord run) => _runs.Insert(new BsonDocument
    {
        ["_id"] = run.RunId,
        ["seq"] = _runs.Count() + 1,
        ["workflow"] = run.Workflow,
        ["keys"] = new BsonArray(run.ExecutionKeys.Select(k => new BsonValue(k))),
        ["ran"] = run.Ran, ["cached"] = run.Cached, ["failed"] = run.Failed,
    });

    public IReadOnlyList<RunRecord> Runs() => _runs.FindAll().OrderBy(d => d["seq"].AsInt32).Select(d => new RunRecord(
        d["_id"].AsString, d["workflow"].AsString, d["keys"].AsArray.Select(v => v.AsString).ToList(),
        d["ran"].AsInt32, d["cached"].AsInt32, d["failed"].AsInt32)).ToList();

    public string? FindDatasetSnapshot(string fingerprint) => _snapshots.FindById(fingerprint)?["json"].AsString;

    public void SaveDatasetSnapshot(string fingerprint, string snapshotJson) =>
        _snapshots.Upsert(new BsonDocument { ["_id"] = fingerprint, ["json"] = snapshotJson });

    /// <summary>Entries written before identities had a ctime (no "ctime" field) are left out: those files are re-read once.</summary>
    public IReadOnlyDictionary<string, FileStat> LoadStatCache() =>
        _stats.FindAll().Where(d => d.ContainsKey("ctime")).ToDictionary(d => d["_id"].AsString, d => new FileStat(d["_id"].AsString,
            new FileIdentity(d["dev"].AsInt64, d["inode"].AsInt64, d["size"].AsInt64, d["mtime"].AsInt64, d["ctime"].AsInt64),
            d["sha"].AsString, d["racy"].AsBoolean), StringComparer.Ordinal);

    public void SaveStatCache(IEnumerable<FileStat> stats)
    {
        _db.BeginTrans();
        foreach (var s in stats)
            _stats.Upsert(new BsonDocument
            {
                ["_id"] = s.Path, ["dev"] = s.Identity.Device, ["inode"] = s.Identity.Inode, ["size"] = s.Identity.Size,
                ["mtime"] = s.Identity.MtimeNs, ["ctime"] = s.Identity.CtimeNs, ["sha"] = s.Sha256, ["racy"] = s.Racy,
            });
        _db.Commit();
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Digest, Digest> _pendingMemo = new();

    public bool TryGet(Digest key, out Digest value)
    {
        if (_pendingMemo.TryGetValue(key, out value)) return true;
        var doc = _memo.FindById(key.Hex);
        value = doc is null ? default : Digest.Parse(doc["v"].AsString);
        return doc is not null;
    }

    public void Put(Digest key, Digest value) => _pendingMemo[key] = value;

    /// <summary>Every recorded memo entry (key, value object), for checks of the store (the fault tests).</summary>
    public IReadOnlyList<(Digest Key, Digest Value)> MemoEntries() =>
        _memo.FindAll().Select(d => (new Digest(d["_id"].AsString), new Digest(d["v"].AsString))).ToList();

    public void CommitMemo()
    {
        if (_pendingMemo.IsEmpty) return;
        var batch = _pendingMemo.ToArray();
        _memo.Upsert(batch.Select(p => new BsonDocument { ["_id"] = p.Key.Hex, ["v"] = p.Value.Hex }));
        foreach (var (key, _) in batch) _pendingMemo.TryRemove(key, out _);
    }

    public void Clear()
    {
        foreach (var collection in All) collection.DeleteAll();
    }

    /// <summary>Every stage state (kept by <c>store reindex</c>: they cannot be rebuilt from objects).</summary>
    public IReadOnlyList<StageState> StageStates() => _states.FindAll().Select(d =>
    {
        var parts = d["_id"].AsString.Split('|', 3);
        return new StageState(parts[0], parts[1], parts[2], d["key"].AsString, d["doc"].AsString);
    }).ToList();

    /// <summary>Writes the log into the data file, so the data file alone is the whole index.</summary>
    public void Checkpoint() => _db.Checkpoint();

    public void Dispose() => _db.Dispose();
}

using System.Text;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Store.Index;

/// <summary>Dropping records that point at objects <c>asd store verify --repair</c> quarantined.</summary>
public sealed partial class LiteDbRunIndex
{
    /// <summary>
    /// In one transaction, drops every execution for which <paramref name="pointsAtBad"/> (record, record object)
    /// is true, with the artifact rows it produced, and every memo entry whose value is in <paramref name="badMemoValues"/>.
    /// Returns the number of records dropped.
    /// </summary>
    public int DropRecords(Func<ExecutionRecord, Digest, bool> pointsAtBad, IReadOnlySet<Digest> badMemoValues)
    {
        var dropped = 0;
        var executions = _executions.FindAll().ToList();
        var memo = _memo.FindAll().Where(d => badMemoValues.Contains(new Digest(d["v"].AsString))).Select(d => d["_id"]).ToList();
        _db.BeginTrans();
        foreach (var doc in executions)
        {
            var record = JsonDefaults.Deserialize<ExecutionRecord>(Encoding.UTF8.GetBytes(doc["json"].AsString));
            if (!pointsAtBad(record, Digest.Parse(doc["object"].AsString))) continue;
            _executions.Delete(doc["_id"]);
            foreach (var output in record.Outputs)
                if (_artifacts.FindById(output.Digest)?["producer"].AsString == record.CacheKey) _artifacts.Delete(output.Digest);
            dropped++;
        }
        foreach (var id in memo) if (_memo.Delete(id)) dropped++;
        _db.Commit();
        return dropped;
    }
}

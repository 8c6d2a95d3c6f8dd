using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Activities;

/// <summary>
/// Per-clip results memoised a group at a time (<see cref="ActivityContext.BeginMemo"/>): each value object is
/// written through a store batch (<see cref="IArtifactStore.BeginBatch"/>: a temp file, no fsync), and
/// <see cref="CommitAsync"/> makes the group's objects durable in one group flush, renames them into place, and
/// only then puts their entries into the memo, from which the index records them when the shard ends. So an entry
/// the memo hands out, and every entry the index holds, names an object that was complete and durable before the
/// entry existed; a crash loses at most the group's uncommitted values (temp files, removed by the next open),
/// which are only computed again. Not thread-safe: one per pass.
/// </summary>
public sealed class MemoBatch(ActivityContext context) : IDisposable
{
    private IObjectBatch? _objects;
    private readonly List<(Digest Key, Digest Value)> _entries = [];

    /// <summary>Stages <paramref name="value"/> as the result of <paramref name="key"/>; invisible until the commit.</summary>
    public void Put(Digest key, ReadOnlySpan<byte> value)
    {
        _objects ??= context.Store.BeginBatch();
        _entries.Add((key, _objects.Put(value)));
    }

    /// <summary>Durable, then visible, then memoised: the staged values' group flush and renames, then their entries.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_objects is null) return;
        await _objects.CommitAsync(cancellationToken);
        foreach (var (key, value) in _entries) context.Memo.Put(key, value);
        Dispose(); // everything is committed: nothing of the batch is left to discard, only to let go
    }

    /// <summary>Discards what was not committed (its objects and entries).</summary>
    public void Dispose()
    {
        _objects?.Dispose();
        _objects = null;
        _entries.Clear();
    }
}

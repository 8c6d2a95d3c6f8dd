using Asd.Workflow.Store.Index;
using Asd.Workflow.Testing;
using LiteDB;

namespace Asd.Workflow.Store.Tests.Issues;

/// <summary>
/// A run SIGKILLed while a fresh index created its collections (RemoteFetchKillTests, kill 831 ms after start) left
/// the placeholder document <c>{ _id: "_create" }</c> in <c>executions</c>: <c>asd store stats</c> then ended in
/// "internal error: ArgumentNullException" reading its "json". Opening an index now deletes such a placeholder
/// before anything reads.
/// </summary>
public sealed class KilledWhileCreatingCollectionsTests
{
    [Fact]
    public void Open_IndexWithALeftoverPlaceholder_RemovesItAndReadsNoExecution()
    {
        var path = Path.Combine(RepoPaths.TempDir("placeholder"), "index.db");
        using (var db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }))
            db.GetCollection("executions").Insert(new BsonDocument { ["_id"] = "_create" }); // killed before the delete

        using (var index = LiteDbRunIndex.Open(path))
        {
            Assert.Empty(index.Executions());
            Assert.Empty(index.ExecutionObjects());
        }
        using var reopened = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct });
        Assert.Equal(0, reopened.GetCollection("executions").Count());
    }

    [Fact]
    public void Open_CleanIndex_WritesNothing()
    {
        var path = Path.Combine(RepoPaths.TempDir("clean-index"), "index.db");
        LiteDbRunIndex.Open(path).Dispose();
        var before = (File.GetLastWriteTimeUtc(path), new FileInfo(path).Length, File.ReadAllBytes(path));
        LiteDbRunIndex.Open(path).Dispose();
        Assert.Equal(before.Item3, File.ReadAllBytes(path));
        Assert.Equal(before.Item1, File.GetLastWriteTimeUtc(path));
    }
}

using System.Text;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Store.Objects;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Store.Tests.Objects;

/// <summary>Batched durability: objects written first, fsynced together, renamed into place only then.</summary>
public sealed class ObjectBatchTests
{
    private static byte[] Bytes(int i) => Encoding.UTF8.GetBytes($"object {i} " + new string((char)('a' + i % 26), 3000 + i));

    private static string[] Temps(FileSystemArtifactStore store) => Directory.GetFiles(Path.Combine(store.Root, "tmp"));

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // bytes in memory (memo values): staged through a handle kept open until the group flush
    public async Task Commit_StagedObjects_InvisibleUntilCommittedReadableThroughTheBatchMeanwhile(bool bytes)
    {
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("batch"));
        using var batch = store.BeginBatch();
        var digests = Enumerable.Range(0, 3).Select(i => bytes ? batch.Put(Bytes(i).AsSpan()) : batch.Put(new MemoryStream(Bytes(i)))).ToList();

        Assert.Equal(digests, Enumerable.Range(0, 3).Select(i => Digest.Of(Bytes(i))));
        Assert.All(digests, d => Assert.False(store.Exists(d)));
        Assert.Equal(3, Temps(store).Length);
        using (var reader = new StreamReader(batch.Open(digests[1]))) Assert.Equal(Encoding.UTF8.GetString(Bytes(1)), reader.ReadToEnd());

        await batch.CommitAsync(CancellationToken.None);

        Assert.All(digests.Select((d, i) => (d, i)), p => Assert.Equal(Bytes(p.i), store.ReadAll(p.d)));
        Assert.Empty(Temps(store));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dispose_Uncommitted_DiscardsEveryObject(bool bytes)
    {
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("batch"));
        using (var batch = store.BeginBatch())
            foreach (var i in Enumerable.Range(0, 4)) _ = bytes ? batch.Put(Bytes(i).AsSpan()) : batch.Put(new MemoryStream(Bytes(i)));

        Assert.Empty(store.List());
        Assert.Empty(Temps(store));
    }

    [Fact]
    public void KilledBeforeCommit_NextOpenRemovesTheTempFilesAndNoObjectIsVisible()
    {
        var root = RepoPaths.TempDir("batch");
        var store = new FileSystemArtifactStore(root);
        var batch = store.BeginBatch(); // abandoned, as by a SIGKILL: no commit, no dispose
        foreach (var i in Enumerable.Range(0, 5)) batch.Put(new MemoryStream(Bytes(i)));

        var reopened = new FileSystemArtifactStore(root);

        Assert.Empty(reopened.List());
        Assert.Equal(5, reopened.RemoveTemporaryFiles());
        Assert.Empty(Temps(reopened));
    }

    [Fact]
    public async Task Put_ObjectPresentOrPutTwice_WritesItOnce()
    {
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("batch"));
        var present = store.Put(Bytes(0));
        using var batch = store.BeginBatch();

        Assert.Equal(present, batch.Put(new MemoryStream(Bytes(0))));
        var twice = batch.Put(new MemoryStream(Bytes(1)));
        Assert.Equal(twice, batch.Put(new MemoryStream(Bytes(1))));
        Assert.Single(Temps(store));
        await batch.CommitAsync(CancellationToken.None);

        Assert.Equal(new[] { present, twice }.OrderBy(d => d.Hex), store.List().OrderBy(d => d.Hex));
        Assert.Empty(Temps(store));
    }

    [Fact]
    public async Task Put_PresentCopyCorrupt_IsQuarantinedAndReplacedOnCommit()
    {
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("batch"));
        var digest = store.Put(Bytes(2));
        File.WriteAllText(store.PathOf(digest), "rotten");
        using var batch = store.BeginBatch();

        batch.Put(new MemoryStream(Bytes(2)));
        await batch.CommitAsync(CancellationToken.None);

        Assert.Equal(Bytes(2), store.ReadAll(digest));
        Assert.Equal("rotten", File.ReadAllText(Path.Combine(store.QuarantineFolder, digest.Hex)));
    }

    [Fact]
    public void Open_StagedObjectAlteredBeforeCommit_FailsAsCorrupt()
    {
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("batch"));
        using var batch = store.BeginBatch();
        var digest = batch.Put(new MemoryStream(Bytes(3)));
        File.WriteAllText(Assert.Single(Temps(store)), "changed under us");

        using var stream = batch.Open(digest);
        var error = Assert.Throws<AsdException>(() => stream.CopyTo(Stream.Null));

        Assert.Equal(ErrorCode.CorruptObject, error.Code);
    }

    [Fact]
    public async Task CommitAsync_ManyBatchesAtOnce_EveryObjectDurableAndVisible()
    {
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("batch"));
        var batches = Enumerable.Range(0, 40).Select(b =>
        {
            var batch = store.BeginBatch();
            foreach (var i in Enumerable.Range(0, 5)) batch.Put(new MemoryStream(Bytes(b * 5 + i)));
            return batch;
        }).ToList();

        await Task.WhenAll(batches.Select(b => Task.Run(() => b.CommitAsync(CancellationToken.None))));

        Assert.Equal(200, store.List().Count());
        Assert.All(Enumerable.Range(0, 200), i => Assert.Equal(Bytes(i), store.ReadAll(Digest.Of(Bytes(i)))));
        Assert.Empty(Temps(store));
        batches.ForEach(b => b.Dispose());
    }

    [Fact]
    public async Task SyncAsync_HandleClosedBeforeTheFlush_FailsThatFlushAndTheNextOneWorks()
    {
        var sync = new GroupSync();
        var dir = RepoPaths.TempDir("sync");
        var closed = File.OpenHandle(Path.Combine(dir, "closed"), FileMode.CreateNew, FileAccess.Write);
        closed.Dispose();
        using var open = File.OpenHandle(Path.Combine(dir, "a"), FileMode.CreateNew, FileAccess.Write);
        RandomAccess.Write(open, "a"u8, 0);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => sync.SyncAsync([closed]));
        await sync.SyncAsync([open]);
    }

    [Fact]
    public async Task PutBytes_PresentOrPutTwice_WritesNothing()
    {
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("batch"));
        var present = store.Put(Bytes(5));
        using var batch = store.BeginBatch();

        Assert.Equal(present, batch.Put(Bytes(5).AsSpan()));
        Assert.Empty(Temps(store)); // hashed first: a present, intact object is not written again
        var twice = batch.Put(Bytes(6).AsSpan());
        Assert.Equal(twice, batch.Put(Bytes(6).AsSpan()));
        Assert.Single(Temps(store));
        await batch.CommitAsync(CancellationToken.None);

        Assert.Equal(new[] { present, twice }.OrderBy(d => d.Hex), store.List().OrderBy(d => d.Hex));
    }

    [Fact]
    public async Task BeginBatch_StoreWithoutBatches_PutsEachObjectDurablyAtOnce()
    {
        IArtifactStore store = new InMemoryArtifactStore();
        using var batch = store.BeginBatch();

        var digest = batch.Put(new MemoryStream(Bytes(4)));

        Assert.True(store.Exists(digest)); // the default batch: a plain put
        await batch.CommitAsync(CancellationToken.None);
        Assert.Equal(Bytes(4), store.ReadAll(digest));
    }
}

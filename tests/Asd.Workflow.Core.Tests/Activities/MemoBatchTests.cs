using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Tests.Fakes;

namespace Asd.Workflow.Core.Tests.Activities;

/// <summary>Per-clip memo values made durable as a group: no entry exists before its object is visible in the store.</summary>
public sealed class MemoBatchTests
{
    private static readonly Digest K1 = Digest.Of("key 1"u8), K2 = Digest.Of("key 2"u8);

    [Fact]
    public async Task CommitAsync_StagedValues_EntriesAppearOnlyAfterTheirObjectsAreVisible()
    {
        var store = new StagingStore();
        var memo = new CheckingMemo(store);
        using var batch = Context(store, memo).BeginMemo();

        batch.Put(K1, "value 1"u8);
        batch.Put(K2, "value 2"u8);
        Assert.False(memo.TryGet(K1, out _));
        Assert.False(store.Exists(Digest.Of("value 1"u8)));

        await batch.CommitAsync(CancellationToken.None);

        Assert.True(memo.TryGet(K1, out var v1) && v1 == Digest.Of("value 1"u8));
        Assert.True(memo.TryGet(K2, out var v2) && v2 == Digest.Of("value 2"u8));
        Assert.Equal(2, memo.Puts);
        Assert.Equal(0, memo.PutsOfInvisibleObjects);
        Assert.Equal("value 1"u8.ToArray(), store.ReadAll(v1));
    }

    [Fact]
    public void Dispose_Uncommitted_LeavesNeitherEntryNorObject()
    {
        var store = new StagingStore();
        var memo = new CheckingMemo(store);
        using (var batch = Context(store, memo).BeginMemo()) batch.Put(K1, "value 1"u8);

        Assert.False(memo.TryGet(K1, out _));
        Assert.Empty(store.List());
    }

    private static ActivityContext Context(IArtifactStore store, IClipMemo memo) => new()
    {
        StageName = "embed", Shard = Shard.All, Options = new TransformOptions(), Inputs = [], Store = store, Memo = memo,
        DatasetRoot = null, OnBadClip = BadClipPolicy.Fail, Identity = StageIdentity.Of(new TransformActivity(), new TransformOptions(), []),
    };

    /// <summary>A memo that counts puts whose value object the store does not show yet.</summary>
    private sealed class CheckingMemo(IArtifactStore store) : IClipMemo
    {
        private readonly InMemoryClipMemo _inner = new();
        public int Puts { get; private set; }
        public int PutsOfInvisibleObjects { get; private set; }

        public bool TryGet(Digest key, out Digest value) => _inner.TryGet(key, out value);

        public void Put(Digest key, Digest value)
        {
            Puts++;
            if (!store.Exists(value)) PutsOfInvisibleObjects++;
            _inner.Put(key, value);
        }
    }

    /// <summary>An in-memory store whose batches keep their objects invisible until committed, as the file store's do.</summary>
    private sealed class StagingStore : IArtifactStore
    {
        private readonly InMemoryArtifactStore _inner = new();

        public IObjectBatch BeginBatch() => new Staging(_inner);
        public Digest Put(ReadOnlySpan<byte> content) => _inner.Put(content);
        public Digest Put(Stream content) => _inner.Put(content);
        public bool Exists(Digest digest) => _inner.Exists(digest);
        public Stream Open(Digest digest) => _inner.Open(digest);
        public byte[] ReadAll(Digest digest) => _inner.ReadAll(digest);
        public long Size(Digest digest) => _inner.Size(digest);
        public IEnumerable<Digest> List() => _inner.List();
        public void Delete(Digest digest) => _inner.Delete(digest);

        private sealed class Staging(IArtifactStore store) : IObjectBatch
        {
            private readonly Dictionary<Digest, byte[]> _staged = [];

            public Digest Put(Stream content) => throw new NotSupportedException();

            public Digest Put(ReadOnlySpan<byte> content)
            {
                var digest = Digest.Of(content);
                _staged[digest] = content.ToArray();
                return digest;
            }

            public Stream Open(Digest digest) => new MemoryStream(_staged[digest]);

            public Task CommitAsync(CancellationToken cancellationToken)
            {
                foreach (var bytes in _staged.Values) store.Put(bytes);
                _staged.Clear();
                return Task.CompletedTask;
            }

            public void Dispose() => _staged.Clear();
        }
    }
}

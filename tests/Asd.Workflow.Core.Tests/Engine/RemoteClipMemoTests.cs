using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Tests.Fakes;

namespace Asd.Workflow.Core.Tests.Engine;

public sealed class RemoteClipMemoTests
{
    private static Digest D(int i) => Digest.Of(BitConverter.GetBytes(i));

    [Fact]
    public void TryGet_LocalHit_DoesNotAskTheRemote()
    {
        var state = new RemoteState();
        var local = new InMemoryClipMemo();
        local.Put(D(1), D(2));
        var memo = new RemoteClipMemo(local, new SharedRemoteCache(state, new InMemoryArtifactStore()));

        Assert.True(memo.TryGet(D(1), out var value));
        Assert.Equal(D(2), value);
        Assert.Empty(state.Log);
    }

    [Fact]
    public void TryGet_RemoteHit_IsRememberedLocallyAndNotUploadedAgain()
    {
        var state = new RemoteState();
        var objects = new InMemoryArtifactStore();
        var vector = objects.Put("vector"u8);
        state.Objects[vector] = "vector"u8.ToArray();
        state.Memo[D(1)] = vector;
        var local = new InMemoryClipMemo();
        var store = new InMemoryArtifactStore();
        var memo = new RemoteClipMemo(local, new SharedRemoteCache(state, store));

        Assert.True(memo.TryGet(D(1), out var value));

        Assert.Equal(vector, value);
        Assert.True(local.TryGet(D(1), out _));
        Assert.True(store.Exists(vector));
        Assert.Empty(memo.Puts);
    }

    [Fact]
    public void TryGet_ColdRemote_StopsAskingAfterTheMissesInARow()
    {
        var state = new RemoteState();
        var memo = new RemoteClipMemo(new InMemoryClipMemo(), new SharedRemoteCache(state, new InMemoryArtifactStore()));

        for (var i = 0; i < 20; i++) Assert.False(memo.TryGet(D(i), out _));

        Assert.Equal(RemoteClipMemo.GiveUpAfterMisses, state.Log.Count);
    }

    [Fact]
    public void Put_GoesToLocalAndIsListedForUpload()
    {
        var local = new InMemoryClipMemo();
        var memo = new RemoteClipMemo(local, new SharedRemoteCache(new RemoteState(), new InMemoryArtifactStore()));

        memo.Put(D(1), D(2));

        Assert.True(local.TryGet(D(1), out _));
        Assert.Equal([new KeyValuePair<Digest, Digest>(D(1), D(2))], memo.Puts);
    }
}

using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Store.Objects;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Store.Tests.Objects;

public sealed class FileSystemArtifactStoreTests
{
    [Fact]
    public void Put_Bytes_StoresUnderShardedSha256Path()
    {
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("store"));
        var digest = store.Put("hello"u8);
        Assert.Equal("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", digest.ToString());
        Assert.True(File.Exists(Path.Combine(store.Root, "objects", "sha256", "2c", digest.Hex)));
        Assert.Equal("hello"u8.ToArray(), store.ReadAll(digest));
    }

    [Fact]
    public void Put_Stream_HashesWhileWritingAndLeavesNoTempFile()
    {
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("store"));
        var data = Enumerable.Range(0, 3_000_000).Select(i => (byte)(i * 7)).ToArray();
        var digest = store.Put(new MemoryStream(data));
        Assert.Equal(Digest.Of(data), digest);
        Assert.Empty(Directory.GetFiles(Path.Combine(store.Root, "tmp")));
        Assert.Equal(data.Length, store.Size(digest));
    }

    [Fact]
    public void RemoveTemporaryFiles_LeftByACrash_AreDeletedAndInvisible()
    {
        var root = RepoPaths.TempDir("store");
        var store = new FileSystemArtifactStore(root);
        File.WriteAllText(Path.Combine(root, "tmp", "123-abc.tmp"), "half-written");
        Assert.Empty(store.List());
        Assert.Equal(1, store.RemoveTemporaryFiles());
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "tmp")));
    }

    [Fact]
    public void ReadAll_MissingObject_FailsWithTheDigest()
    {
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("store"));
        var missing = Digest.Of("nope"u8);
        var error = Assert.Throws<AsdException>(() => store.ReadAll(missing));
        Assert.Equal(ErrorCode.CheckFailed, error.Code);
        Assert.Contains(missing.ToString(), error.Message);
    }

    [Fact]
    public void Acquire_SecondLockOnSameStore_WaitsThenRefuses()
    {
        var root = RepoPaths.TempDir("store");
        using var first = StoreLock.Acquire(root, TimeSpan.FromSeconds(1), _ => { });
        var notices = new List<string>();
        var error = Assert.Throws<AsdException>(() => StoreLock.Acquire(root, TimeSpan.FromMilliseconds(500), notices.Add));
        Assert.Equal(ErrorCode.CheckFailed, error.Code);
        Assert.Contains("in use by another asd process", Assert.Single(notices));
    }
}

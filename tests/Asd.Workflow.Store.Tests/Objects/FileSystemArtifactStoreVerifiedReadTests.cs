using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Store.Objects;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Store.Tests.Objects;

/// <summary>Verified reads, quarantine and self-replacing Put of <see cref="FileSystemArtifactStore"/>.</summary>
public sealed class FileSystemArtifactStoreVerifiedReadTests
{
    private static readonly byte[] Content = Enumerable.Range(0, 3_000_000).Select(i => (byte)(i * 31 + 7)).ToArray();

    private static (FileSystemArtifactStore Store, Digest Digest, byte[] Flipped) Corrupted()
    {
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("store"));
        var digest = store.Put(Content);
        var flipped = (byte[])Content.Clone();
        flipped[1_234_567] ^= 0x01;
        File.WriteAllBytes(store.PathOf(digest), flipped);
        return (store, digest, flipped);
    }

    [Fact]
    public void Rehash_IntactObject_ItsDigestAndSize_AsTheContractsDefaultGives()
    {
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("store"));
        var digest = store.Put(Content);
        var reference = new InMemoryArtifactStore();
        IArtifactStore byDefault = reference; // the contract's default: ReadAll, then hash
        Assert.Equal((digest, (long)Content.Length), store.Rehash(digest));
        Assert.Equal(byDefault.Rehash(reference.Put(Content)), store.Rehash(digest));
    }

    [Fact]
    public void Rehash_OneFlippedBit_ReturnsWhatTheBytesHashToAndQuarantines()
    {
        var (store, digest, flipped) = Corrupted();
        Assert.Equal((Digest.Of(flipped), (long)flipped.Length), store.Rehash(digest));
        Assert.False(store.Exists(digest));
        Assert.True(File.Exists(Path.Combine(store.Root, "quarantine", digest.Hex)));
    }

    [Fact]
    public void ReadAll_IntactObject_ReturnsItsBytes()
    {
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("store"));
        var digest = store.Put(Content);
        Assert.Equal(Content, store.ReadAll(digest));
    }

    [Fact]
    public void ReadAll_OneFlippedBit_ThrowsCorruptObjectNamingBothDigestsAndQuarantines()
    {
        var (store, digest, flipped) = Corrupted();
        var error = Assert.Throws<AsdException>(() => store.ReadAll(digest));
        Assert.Equal(ErrorCode.CorruptObject, error.Code);
        var quarantined = Path.Combine(store.Root, "quarantine", digest.Hex);
        Assert.Equal($"object {digest} is corrupt (its bytes hash to {Digest.Of(flipped)}); quarantined to {quarantined}; its producer re-executes", error.Message);
        Assert.False(store.Exists(digest));
        Assert.Equal(flipped, File.ReadAllBytes(quarantined));
        Assert.Equal([digest.Hex], Directory.GetFiles(store.QuarantineFolder).Select(Path.GetFileName));
    }

    [Fact]
    public void Open_ReadToTheEndOfACorruptObject_ThrowsCorruptObjectAtTheEnd()
    {
        var (store, digest, _) = Corrupted();
        using var stream = store.Open(digest);
        var sink = new MemoryStream();
        var error = Assert.Throws<AsdException>(() => stream.CopyTo(sink));
        Assert.Equal(ErrorCode.CorruptObject, error.Code);
        Assert.Equal(Content.Length, sink.Length); // every byte was handed out before the check at the end
        Assert.False(store.Exists(digest));
    }

    [Fact]
    public void Open_PartialReadOfACorruptObject_IsNotVerified()
    {
        var (store, digest, flipped) = Corrupted();
        using (var stream = store.Open(digest))
        {
            var head = new byte[16];
            stream.ReadExactly(head);
            Assert.Equal(flipped[..16], head);
        }
        Assert.True(store.Exists(digest));
    }

    [Fact]
    public async Task Open_IntactObjectReadAsync_ReturnsEveryByte()
    {
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("store"));
        var digest = store.Put(Content);
        await using var stream = store.Open(digest);
        var sink = new MemoryStream();
        await stream.CopyToAsync(sink);
        Assert.Equal(Content, sink.ToArray());
    }

    [Fact]
    public void Put_PresentCopyWithAFlippedByte_IsReplacedAndTheBadCopyKept()
    {
        var (store, digest, flipped) = Corrupted();
        Assert.Equal(digest, store.Put(Content));
        Assert.Equal(Content, store.ReadAll(digest));
        Assert.Equal(flipped, File.ReadAllBytes(Path.Combine(store.QuarantineFolder, digest.Hex)));
    }

    [Fact]
    public void PutStream_PresentCopyTruncated_IsReplaced()
    {
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("store"));
        var digest = store.Put(Content);
        File.WriteAllBytes(store.PathOf(digest), Content[..1000]);
        Assert.Equal(digest, store.Put(new MemoryStream(Content)));
        Assert.Equal(Content.Length, store.Size(digest));
        Assert.Equal(Content, store.ReadAll(digest));
        Assert.Empty(Directory.GetFiles(Path.Combine(store.Root, "tmp")));
    }

    [Fact]
    public void TryReadVerified_CorruptObject_IsAMissWithOneNoticeAndQuarantines()
    {
        var (store, digest, _) = Corrupted();
        var notices = new List<string>();
        store.Notice = notices.Add;
        Assert.False(((IArtifactStore)store).TryReadVerified(digest, out var bytes));
        Assert.Null(bytes);
        Assert.Single(notices);
        Assert.StartsWith($"object {digest} is corrupt", notices[0]);
        Assert.EndsWith("; recomputing it", notices[0]);
        Assert.False(store.Exists(digest));
        Assert.True(File.Exists(Path.Combine(store.QuarantineFolder, digest.Hex)));
    }

    [Fact]
    public void TryReadVerified_MissingObject_IsAMissWithoutNotice()
    {
        var store = new FileSystemArtifactStore(RepoPaths.TempDir("store"));
        var notices = new List<string>();
        store.Notice = notices.Add;
        Assert.False(store.TryReadVerified(Digest.Of("absent"u8), out _));
        Assert.Empty(notices);
    }

    [Fact]
    public void ReadAll_VerificationOff_ReturnsTheCorruptBytes()
    {
        var (store, digest, flipped) = Corrupted();
        var unverified = new FileSystemArtifactStore(store.Root) { VerifyReads = false };
        Assert.Equal(flipped, unverified.ReadAll(digest));
        Assert.True(unverified.Exists(digest));
    }
}

using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Store.Objects;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Store.Tests.Objects;

/// <summary>A store on a tiny tmpfs: a real ENOSPC from the kernel, not a simulated one.</summary>
public sealed class FileSystemArtifactStoreDiskFullTests
{
    private static readonly byte[] Content = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 31 + 7)).ToArray();

    [TmpfsFact]
    public void Put_Bytes_DiskFull_ThrowsNoSpaceAndLeavesNoPartialObject()
    {
        using var disk = Tmpfs.Mount("full-bytes", 512);
        var store = new FileSystemArtifactStore(Path.Combine(disk.Path, "store"));
        disk.Fill(leaveBytes: 64 * 1024);
        var error = Assert.Throws<AsdException>(() => store.Put(Content));
        Assert.Equal(ErrorCode.NoSpace, error.Code);
        Assert.Equal(1, error.ExitCode);
        Assert.Equal($"store {store.Root} is full: no space left writing object {Digest.Of(Content)}; free space and rerun", error.Message);
        AssertNothingHalfWritten(store);

        disk.Resize(2048);
        Assert.Equal(Digest.Of(Content), store.Put(Content));
        Assert.Equal(Content, store.ReadAll(Digest.Of(Content)));
    }

    [TmpfsFact]
    public void Put_Stream_DiskFull_ThrowsNoSpaceAndLeavesNoPartialObject()
    {
        using var disk = Tmpfs.Mount("full-stream", 512);
        var store = new FileSystemArtifactStore(Path.Combine(disk.Path, "store"));
        disk.Fill(leaveBytes: 64 * 1024);
        var error = Assert.Throws<AsdException>(() => store.Put(new MemoryStream(Content)));
        Assert.Equal(ErrorCode.NoSpace, error.Code);
        Assert.Equal($"store {store.Root} is full: no space left writing an object; free space and rerun", error.Message);
        AssertNothingHalfWritten(store);

        File.Delete(Path.Combine(disk.Path, "filler"));
        Assert.Equal(Digest.Of(Content), store.Put(new MemoryStream(Content)));
    }

    [TmpfsFact]
    public void BatchPut_DiskFull_ThrowsNoSpaceAndLeavesNoPartialObject()
    {
        using var disk = Tmpfs.Mount("full-batch", 512);
        var store = new FileSystemArtifactStore(Path.Combine(disk.Path, "store"));
        using var batch = store.BeginBatch();
        batch.Put(new MemoryStream(Content[..1000]));
        disk.Fill(leaveBytes: 64 * 1024);

        var error = Assert.Throws<AsdException>(() => batch.Put(new MemoryStream(Content)));

        Assert.Equal(ErrorCode.NoSpace, error.Code);
        batch.Dispose(); // the fetch gives up: the staged object goes too
        AssertNothingHalfWritten(store);
    }

    private static void AssertNothingHalfWritten(FileSystemArtifactStore store)
    {
        Assert.Empty(store.List());
        Assert.Empty(Directory.GetFiles(Path.Combine(store.Root, "tmp")));
    }
}

using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Core.Tests.Errors;

public sealed class DiskFullTests
{
    [Theory]
    [InlineData(28)]  // ENOSPC
    [InlineData(122)] // EDQUOT
    public void Is_IOExceptionWithErrno_IsDiskFull(int errno) =>
        Assert.True(DiskFull.Is(new IOException("No space left on device : '/s/index-log.db'", errno)));

    [Fact]
    public void Is_FailedPreallocation_IsDiskFull() =>
        Assert.True(DiskFull.Is(new IOException("Failed to create '/o/report.html' with allocation size '127836' because the disk was full.")));

    [Fact]
    public void Is_NoSpaceInsideAggregate_IsDiskFull() =>
        Assert.True(DiskFull.Is(new AggregateException(new InvalidOperationException("wrapped", new AsdException(ErrorCode.NoSpace, "store s is full")))));

    [Fact]
    public void Is_OtherIOErrors_AreNot()
    {
        Assert.False(DiskFull.Is(new FileNotFoundException("gone")));
        Assert.False(DiskFull.Is(new IOException("Permission denied", 13)));
        Assert.False(DiskFull.Is(AsdException.Failed("a check failed")));
        Assert.False(DiskFull.Is(null));
    }

    [Fact]
    public void Describe_RawIOException_OneNoSpaceLineNamingThePath()
    {
        var error = DiskFull.Describe(new InvalidOperationException("LiteDB", new IOException("No space left on device : '/s/index-log.db'", 28)));
        Assert.Equal(ErrorCode.NoSpace, error.Code);
        Assert.Equal(1, error.ExitCode);
        Assert.Equal("the disk is full: no space left writing /s/index-log.db; free space and rerun", error.Message);
    }

    [Fact]
    public void Describe_FailedPreallocation_NamesTheFileNotTheSize() =>
        Assert.Equal("the disk is full: no space left writing /o/report.html; free space and rerun",
            DiskFull.Describe(new IOException("Failed to create '/o/report.html' with allocation size '127836' because the disk was full.")).Message);

    [Fact]
    public void Describe_StoreError_IsKeptAsItIs()
    {
        var store = DiskFull.Error("store /s", "object sha256:ab", new IOException("No space left on device", 28));
        Assert.Same(store, DiskFull.Describe(new AggregateException(store)));
        Assert.Equal("store /s is full: no space left writing object sha256:ab; free space and rerun", store.Message);
    }

    [Fact]
    public void Describe_NotDiskFull_Throws() =>
        Assert.Throws<ArgumentException>(() => DiskFull.Describe(new IOException("Permission denied", 13)));
}

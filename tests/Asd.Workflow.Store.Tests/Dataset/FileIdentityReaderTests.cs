using Asd.Workflow.Store.Dataset;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Store.Tests.Dataset;

public sealed class FileIdentityReaderTests
{
    [Fact]
    public void Read_OnLinux_GivesSizeMtimeInodeAndCtime()
    {
        if (!OperatingSystem.IsLinux()) return; // the managed fallback is incomplete by design
        var path = Path.Combine(RepoPaths.TempDir("identity"), "a.wav");
        File.WriteAllText(path, "twelve bytes");
        var mtime = new DateTime(2024, 5, 1, 12, 0, 0, 123, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, mtime);

        var identity = FileIdentityReader.Read(path)!.Value;

        Assert.Equal(12, identity.Size);
        Assert.Equal((mtime - DateTime.UnixEpoch).Ticks * 100, identity.MtimeNs);
        Assert.True(identity.IsComplete);
        Assert.True(identity.CtimeNs > identity.MtimeNs); // ctime is when the mtime was set, not the mtime
    }

    [Fact]
    public void Read_AfterMvSwap_InodesAreSwapped()
    {
        var dir = RepoPaths.TempDir("identity-swap");
        var a = Path.Combine(dir, "a.wav");
        var b = Path.Combine(dir, "b.wav");
        File.WriteAllText(a, "aaaa");
        File.WriteAllText(b, "bbbb");
        var (inodeA, inodeB) = (FileIdentityReader.Read(a)!.Value.Inode, FileIdentityReader.Read(b)!.Value.Inode);
        File.Move(a, a + ".t");
        File.Move(b, a);
        File.Move(a + ".t", b);
        Assert.Equal(inodeB, FileIdentityReader.Read(a)!.Value.Inode);
        Assert.Equal(inodeA, FileIdentityReader.Read(b)!.Value.Inode);
        Assert.NotEqual(inodeA, inodeB);
    }

    [Fact]
    public void Read_MissingFile_IsNull() => Assert.Null(FileIdentityReader.Read(Path.Combine(RepoPaths.TempDir("identity-none"), "none.wav")));
}

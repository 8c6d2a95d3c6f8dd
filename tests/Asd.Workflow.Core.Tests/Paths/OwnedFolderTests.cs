using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Paths;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Core.Tests.Paths;

public sealed class OwnedFolderTests
{
    private readonly string _dir = RepoPaths.TempDir("owned");

    [Fact]
    public void Claim_MissingFolder_CreatesItWithTheMarker()
    {
        var folder = Path.Combine(_dir, "out");
        OwnedFolder.Claim(folder, "--out");
        Assert.Equal([OwnedFolder.MarkerName], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
        Assert.True(OwnedFolder.IsOwned(folder));
    }

    [Fact]
    public void Replace_UserFolderWithoutMarker_RefusedAndUntouched()
    {
        var folder = Path.Combine(_dir, "thesis");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "chapter1.tex"), "mine");
        var error = Assert.Throws<AsdException>(() => OwnedFolder.Replace(folder, "--out"));
        Assert.Equal(ErrorCode.BadInput, error.Code);
        Assert.Equal($"{folder} exists and was not written by asd; remove it or choose another --out", error.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(folder, "chapter1.tex")));
        Assert.False(OwnedFolder.IsOwned(folder));
    }

    [Fact]
    public void Replace_MarkedFolder_EmptiedAndMarkedAgain()
    {
        var folder = Path.Combine(_dir, "package");
        OwnedFolder.Claim(folder, "--out");
        File.WriteAllText(Path.Combine(folder, "old.csv"), "stale");
        OwnedFolder.Replace(folder, "--out");
        Assert.Equal([OwnedFolder.MarkerName], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Claim_EmptyUserFolder_MarkedAndAccepted()
    {
        OwnedFolder.Claim(_dir, "--out");
        Assert.True(OwnedFolder.IsOwned(_dir));
    }

    [Fact]
    public void Check_PathIsAFile_BadInput()
    {
        var file = Path.Combine(_dir, "out");
        File.WriteAllText(file, "x");
        Assert.Equal(ErrorCode.BadInput, Assert.Throws<AsdException>(() => OwnedFolder.Check(file, "--out")).Code);
    }
}

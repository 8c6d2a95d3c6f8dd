using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Paths;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Core.Tests.Paths;

public sealed class ConfinedPathTests
{
    private readonly string _root = RepoPaths.TempDir("confined");

    [Fact]
    public void Resolve_PlainRelativePath_FullPathUnderTheRoot()
    {
        Assert.Equal(Path.Combine(_root, "package", "system", "a.csv"), ConfinedPath.Resolve(_root, Path.Combine("package", "system", "a.csv")));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("/tmp/x")]
    [InlineData(".")]
    public void Resolve_PathLeavingTheRoot_BadInput(string relative)
    {
        var error = Assert.Throws<AsdException>(() => ConfinedPath.Resolve(_root, relative));
        Assert.Equal(ErrorCode.BadInput, error.Code);
        Assert.Contains("lies outside it", error.Message);
    }

    [Fact]
    public void Resolve_SiblingWithTheRootAsPrefix_BadInput()
    {
        var error = Assert.Throws<AsdException>(() => ConfinedPath.Resolve(_root, $"../{Path.GetFileName(_root)}-evil/x"));
        Assert.Equal(ErrorCode.BadInput, error.Code);
    }

    [Fact]
    public void Resolve_ThroughALinkToAFolderOutside_BadInputNamingTheLink()
    {
        var outside = RepoPaths.TempDir("outside");
        Directory.CreateSymbolicLink(Path.Combine(_root, "package"), outside);
        var error = Assert.Throws<AsdException>(() => ConfinedPath.Resolve(_root, Path.Combine("package", "a.csv")));
        Assert.Equal(ErrorCode.BadInput, error.Code);
        Assert.Contains($"symbolic link {Path.Combine(_root, "package")} to {outside}", error.Message);
    }

    [Fact]
    public void Resolve_DanglingFileLinkPointingOutside_BadInput()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "report.md"), Path.Combine(RepoPaths.TempDir("outside"), "not-yet.md"));
        Assert.Equal(ErrorCode.BadInput, Assert.Throws<AsdException>(() => ConfinedPath.Resolve(_root, "report.md")).Code);
    }

    [Fact]
    public void Resolve_LinkStayingInsideTheRoot_Allowed()
    {
        Directory.CreateDirectory(Path.Combine(_root, "real"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "alias"), Path.Combine(_root, "real"));
        Assert.Equal(Path.Combine(_root, "alias", "x"), ConfinedPath.Resolve(_root, Path.Combine("alias", "x")));
    }
}

using Asd.Workflow.Core.Paths;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Core.Tests.Paths;

public sealed class AtomicFileTests
{
    private readonly string _root = RepoPaths.TempDir("atomic-file");

    [Fact]
    public void Write_NewAndExistingFile_WholeBytesAndNoTempLeft()
    {
        var path = Path.Combine(_root, "sub", "a.json");
        AtomicFile.Write(path, "first"u8);
        AtomicFile.Write(path, "second, longer"u8);
        Assert.Equal("second, longer"u8.ToArray(), File.ReadAllBytes(path));
        Assert.Equal(["a.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_TempFolderGiven_TempGoesThereAndIsGoneAfter()
    {
        var temps = Path.Combine(_root, "tmp");
        var path = Path.Combine(_root, "stamps", "s");
        AtomicFile.Write(path, "text é\n", temps);
        Assert.Equal("text é\n"u8.ToArray(), File.ReadAllBytes(path)); // UTF-8, no byte-order mark
        Assert.Empty(Directory.GetFiles(temps));
    }

    [Fact]
    public void Write_TargetIsAFolder_ThrowsAndLeavesNoTemp()
    {
        var path = Path.Combine(_root, "taken");
        Directory.CreateDirectory(path);
        Assert.ThrowsAny<IOException>(() => AtomicFile.Write(path, "x"u8));
        Assert.Empty(Directory.GetFiles(_root));
    }
}

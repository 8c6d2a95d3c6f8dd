using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Store.Dataset;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Store.Tests.Dataset;

public sealed class FileHasherTests
{
    [Fact]
    public void HashAll_UnchangedFiles_AreServedFromTheStatCache()
    {
        var dir = RepoPaths.TempDir("hash");
        var paths = Enumerable.Range(0, 4).Select(i => Path.Combine(dir, $"f{i}.wav")).ToList();
        foreach (var p in paths) File.WriteAllText(p, p);
        var index = new InMemoryRunIndex();
        var first = new FileHasher(index).HashAll(paths, 2);
        Assert.Equal(FileHasher.HashFile(paths[2]), first[paths[2]]);

        // A cache entry with a wrong digest proves the second pass did not re-read unchanged files.
        var stat = index.LoadStatCache()[paths[0]];
        index.SaveStatCache([stat with { Sha256 = "cached" }]);
        var second = new FileHasher(index).HashAll(paths, 2);
        Assert.Equal("cached", second[paths[0]]);

        File.WriteAllText(paths[0], "changed content, changed size");
        var third = new FileHasher(index).HashAll(paths, 2);
        Assert.Equal(FileHasher.HashFile(paths[0]), third[paths[0]]);
    }
}

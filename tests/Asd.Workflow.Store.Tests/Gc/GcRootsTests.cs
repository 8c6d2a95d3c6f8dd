using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Store.Gc;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Store.Tests.Gc;

public sealed class GcRootsTests
{
    private readonly string _store = RepoPaths.TempDir("roots");

    private static Digest D(string text) => Digest.Of(System.Text.Encoding.UTF8.GetBytes(text));

    [Fact]
    public void AddRun_TwoDifferentRuns_NumberedFilesOldestFirst()
    {
        var roots = new GcRoots(_store);
        var first = roots.AddRun("tiny", [D("a")]);
        var second = roots.AddRun("tiny", [D("b"), D("a")]);
        Assert.Equal(Path.Combine(_store, "roots", "runs", "tiny", "1.json"), first);
        Assert.Equal(Path.Combine(_store, "roots", "runs", "tiny", "2.json"), second);
        var runs = roots.Runs("tiny");
        Assert.Equal([first, second], runs.Select(r => r.Path));
        Assert.Equal(new[] { D("a"), D("b") }.Select(d => d.ToString()).Order(StringComparer.Ordinal), runs[1].Root.Objects);
        Assert.Empty(Directory.GetFiles(Path.Combine(_store, "tmp")));
    }

    [Fact]
    public void AddRun_SameObjectsAsTheLastRun_WritesNothing()
    {
        var roots = new GcRoots(_store);
        roots.AddRun("tiny", [D("a")]);
        Assert.Null(roots.AddRun("tiny", [D("a")]));
        Assert.Single(roots.Runs("tiny"));
    }

    [Fact]
    public void AddRun_TenthRun_OrderedNumericallyNotAsText()
    {
        var roots = new GcRoots(_store);
        for (var i = 0; i < 10; i++) roots.AddRun("w", [D(i.ToString())]);
        Assert.Equal("10.json", Path.GetFileName(roots.Runs("w")[^1].Path));
        Assert.Equal(D("9").ToString(), Assert.Single(roots.Runs("w")[^1].Root.Objects));
    }

    [Fact]
    public void AddManifest_NamedByTheManifestDigest()
    {
        var roots = new GcRoots(_store);
        var path = roots.AddManifest(D("manifest"), "kept", [D("x")]);
        Assert.Equal(Path.Combine(_store, "roots", "manifests", D("manifest").Hex + ".json"), path);
        var root = Assert.Single(roots.Manifests()).Root;
        Assert.Equal(new GcRoot(GcRoots.ManifestKind, "kept", [D("x").ToString()]).Objects, root.Objects);
        Assert.Equal("kept", root.Name);
    }

    [Fact]
    public void Runs_DamagedRootFile_CheckFailedNamingTheFile()
    {
        var roots = new GcRoots(_store);
        var path = roots.AddRun("tiny", [D("a")])!;
        File.WriteAllText(path, "{\"kind\":\"run\",\"objects\":[\"sha256:12");
        var error = Assert.Throws<AsdException>(() => roots.Runs("tiny"));
        Assert.Equal(ErrorCode.CheckFailed, error.Code);
        Assert.Contains(path, error.Message);
    }
}

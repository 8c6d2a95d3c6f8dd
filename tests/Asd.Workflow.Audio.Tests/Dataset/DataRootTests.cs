using Asd.Workflow.Audio.Dataset;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Audio.Tests.Dataset;

public sealed class DataRootTests
{
    [Fact]
    public void Resolve_DcaseRootWithBothHalves_EachSplitReadsItsOwnFolder()
    {
        var root = RepoPaths.TempDir("root");
        Directory.CreateDirectory(Path.Combine(root, "dev_data", "raw"));
        Directory.CreateDirectory(Path.Combine(root, "eval_data", "raw"));
        Assert.Equal(new ResolvedDataRoot(Path.Combine(root, "dev_data"), DataSplit.Dev, true), DataRoot.Resolve(root, DataSplit.Dev));
        Assert.Equal(new ResolvedDataRoot(Path.Combine(root, "eval_data"), DataSplit.Eval, true), DataRoot.Resolve(root, DataSplit.Eval));
        Assert.Equal($"{Path.Combine(root, "eval_data")} (the eval_data of {root})", DataRoot.Resolve(root, DataSplit.Eval).Describe());
    }

    [Fact]
    public void Resolve_PlainDataSetFolder_IsReadAsGiven()
    {
        var root = RepoPaths.TempDir("plain");
        Directory.CreateDirectory(Path.Combine(root, "fan", "train"));
        Assert.Equal(new ResolvedDataRoot(root, DataSplit.Eval, false), DataRoot.Resolve(root, DataSplit.Eval));
        Assert.Equal("nope", DataRoot.Resolve("nope", DataSplit.Dev).Folder); // a missing folder: the reader says so
    }

    [Fact]
    public void Resolve_RootWithoutTheSplitsFolder_IsABadInputSayingWhatItHolds()
    {
        var root = RepoPaths.TempDir("devonly");
        Directory.CreateDirectory(Path.Combine(root, "dev_data"));
        var error = Assert.Throws<AsdException>(() => DataRoot.Resolve(root, DataSplit.Eval));
        Assert.Equal(ErrorCode.BadInput, error.Code);
        Assert.StartsWith($"data set {root} holds dev_data/ but no eval_data/: pass the evaluation set's root", error.Message);
    }

    [Theory]
    [InlineData("eval", DataSplit.Eval)]
    [InlineData("DEV", DataSplit.Dev)]
    public void ParseSplit_KnownNames(string text, DataSplit split) => Assert.Equal(split, DataRoot.ParseSplit(text));

    [Fact]
    public void ParseSplit_Other_IsABadInput() =>
        Assert.Equal("--split 'test': allowed dev or eval", Assert.Throws<AsdException>(() => DataRoot.ParseSplit("test")).Message);
}

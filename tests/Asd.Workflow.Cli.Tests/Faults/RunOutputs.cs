using System.Text.Json;

namespace Asd.Workflow.Cli.Tests.Faults;

/// <summary>
/// What a run produced: every stage shard's cache key (from <c>--json</c>; a key covers its input digests, so
/// equal keys mean equal outputs upstream of the last stages) and the bytes of every file <c>--out</c> wrote
/// (the last stages' outputs: report and package tree).
/// </summary>
internal sealed record RunOutputs(IReadOnlyList<string> Keys, IReadOnlyDictionary<string, byte[]> Files)
{
    public static RunOutputs Of(AsdProcess.Result run, string outDir)
    {
        var keys = run.Lines.Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("event").GetString() == "stage")
            .Select(e => $"{e.GetProperty("stage").GetString()}/{e.GetProperty("shard").GetString()}={e.GetProperty("key").GetString()}")
            .Order(StringComparer.Ordinal).ToList();
        var files = Directory.GetFiles(outDir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(outDir, f), File.ReadAllBytes);
        return new RunOutputs(keys, files);
    }

    /// <summary>Same shards with the same keys, same files with the same bytes.</summary>
    public void AssertSameAs(RunOutputs expected, string when)
    {
        Assert.True(expected.Keys.SequenceEqual(Keys), $"{when}: cache keys differ from the reference run");
        Assert.True(expected.Files.Keys.Order().SequenceEqual(Files.Keys.Order()), $"{when}: --out files differ: {string.Join(", ", Files.Keys.Order())}");
        foreach (var (path, bytes) in expected.Files)
            Assert.True(bytes.AsSpan().SequenceEqual(Files[path]), $"{when}: {path} differs from the reference run");
    }
}

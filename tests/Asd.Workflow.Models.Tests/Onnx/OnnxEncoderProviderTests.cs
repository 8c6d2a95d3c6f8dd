using Asd.Workflow.Audio.Activities.Embed;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Models.Onnx;
using Asd.Workflow.Models.Registry;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Models.Tests.Onnx;

/// <summary>A registry model's whole entry and its environment facts are part of an embed stage's identity.</summary>
public sealed class OnnxEncoderProviderTests
{
    private static readonly string Dir = RepoPaths.TempDir("provider-identity");
    private static readonly Shard Shard = new("fan", "00");
    private const string Clip = "sha256:0000000000000000000000000000000000000000000000000000000000000001";

    private static readonly ModelEntry Entry = new()
    {
        Name = "tiny", Path = Path.Combine(Dir, "tiny.onnx"), Sha256 = Digest.Of("tiny"u8).ToString(), Source = "test", Licence = "MIT",
    };

    // Values the registry accepts where "one more character" would be refused.
    private static readonly Dictionary<string, object> Valid = new()
    {
        [nameof(ModelEntry.Input)] = "fbank",
        [nameof(ModelEntry.Pooling)] = "mean",
        [nameof(ModelEntry.Sha256)] = Digest.Of("another model"u8).ToString(),
    };

    private static (Digest Key, Digest Memo) Keys(ModelEntry entry)
    {
        var activity = new EmbedActivity(new OnnxEncoderProvider(new ModelRegistry([entry]), Dir, _ => { }));
        var identity = StageIdentity.Of(activity, new EmbedOptions { Encoder = entry.Name, Device = "cpu" }, ["decode"]);
        return (identity.ForShard(Shard, []).Key, identity.MemoKey(Clip));
    }

    [Fact]
    public void StageIdentity_EachRegistryFieldChanged_ChangesCacheKeyAndMemoKey()
    {
        var (key, memo) = Keys(Entry);
        var fields = RecordMutations.EachChanged(Entry).Where(c => c.Name != nameof(ModelEntry.Path)).ToList();
        Assert.Equal(16, fields.Count);
        foreach (var (name, changed) in fields)
        {
            var entry = (ModelEntry)changed;
            if (Valid.TryGetValue(name, out var value)) typeof(ModelEntry).GetProperty(name)!.SetValue(entry, value);
            var (k, m) = Keys(entry);
            Assert.True(k != key, $"registry field {name} does not change the cache key");
            Assert.True(m != memo, $"registry field {name} does not change the memo key");
        }
    }

    [Fact]
    public void StageIdentity_ModelMovedToAnotherPath_KeepsTheKey()
    {
        Assert.Equal(Keys(Entry), Keys(Entry with { Path = Path.Combine(Dir, "elsewhere", "tiny.onnx") }));
    }

    [Fact]
    public void DependencyFiles_RegisteredModel_AreTheModelFileAndTheRuntimeLibrary()
    {
        var provider = new OnnxEncoderProvider(new ModelRegistry([Entry]), Dir, _ => { });
        Assert.NotNull(OnnxFacts.NativeLibrary);
        Assert.Equal([Entry.Path, OnnxFacts.NativeLibrary!], provider.DependencyFiles(new EmbedOptions { Encoder = "tiny" }));
    }

    [Theory]
    [InlineData("cpu", "cpu")]
    [InlineData("auto", "cpu")] // this machine's CI has no CUDA libraries
    public void Current_Provider_ResolvesLikeTheRunWithoutASession(string device, string expected)
    {
        Assert.Equal(expected, OnnxFacts.Current(OnnxFacts.Provider, "", new Dictionary<string, string> { ["device"] = device }, 1));
        Assert.Equal(ExecutionProviders.Resolve(device, _ => { }), expected);
    }
}

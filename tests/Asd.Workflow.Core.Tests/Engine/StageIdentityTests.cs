using System.Text.Json.Nodes;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Tests.Fakes;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Core.Tests.Engine;

/// <summary>The one stage identity: every part of it changes the cache key and the per-clip memo key; the data only the cache key.</summary>
public sealed class StageIdentityTests
{
    private static readonly Shard Shard = new("fan", "00");
    private const string Clip = "sha256:0000000000000000000000000000000000000000000000000000000000000001";
    private static readonly IReadOnlyList<InputArtifact> Inputs = [new("decode", "fan/00", "train", Digest.Of("pcm"u8), MediaTypes.Json)];

    private static (Digest Key, Digest Memo) Keys(IActivity activity, object options) =>
        (StageIdentity.Of(activity, options, ["decode"]).ForShard(Shard, Inputs).Key, StageIdentity.Of(activity, options, ["decode"]).MemoKey(Clip));

    [Fact]
    public void Of_EachOptionChanged_ChangesCacheKeyAndMemoKey()
    {
        var activity = new ConfigurableActivity();
        var options = new TransformOptions();
        var (key, memo) = Keys(activity, options);
        var changes = RecordMutations.EachChanged(options).ToList();
        Assert.Equal(4, changes.Count);
        foreach (var (name, changed) in changes)
        {
            var (k, m) = Keys(activity, changed);
            Assert.True(k != key, $"option {name} does not change the cache key");
            Assert.True(m != memo, $"option {name} does not change the memo key");
        }
    }

    [Theory]
    [InlineData("cpu", "x64-avx512")]
    [InlineData("runtime", "10.0.1")]
    [InlineData("provider", "cuda:0")]
    [InlineData("onnxruntime", "1.31.0")]
    public void Of_EnvironmentFactChangedOrAdded_ChangesCacheKeyAndMemoKey(string fact, string value)
    {
        var activity = new ConfigurableActivity();
        var before = Keys(activity, new TransformOptions());
        activity.Facts[fact] = value;
        var after = Keys(activity, new TransformOptions());
        Assert.NotEqual(before.Key, after.Key);
        Assert.NotEqual(before.Memo, after.Memo);
    }

    [Fact]
    public void Of_ResolvedConfigurationChanged_ChangesCacheKeyAndMemoKey()
    {
        var activity = new ConfigurableActivity();
        var before = Keys(activity, new TransformOptions());
        activity.Configuration = new JsonObject { ["n_mels"] = 128 };
        var after = Keys(activity, new TransformOptions());
        Assert.NotEqual(before.Key, after.Key);
        Assert.NotEqual(before.Memo, after.Memo);
    }

    [Fact]
    public void Of_VersionBumped_ChangesCacheKeyAndMemoKey()
    {
        var activity = new ConfigurableActivity();
        var before = Keys(activity, new TransformOptions());
        activity.VersionNumber = 2;
        var after = Keys(activity, new TransformOptions());
        Assert.NotEqual(before.Key, after.Key);
        Assert.NotEqual(before.Memo, after.Memo);
    }

    [Fact]
    public void MemoKey_OtherShardAndInputs_IsTheSame_WhileTheCacheKeyDiffers()
    {
        var identity = StageIdentity.Of(new ConfigurableActivity(), new TransformOptions(), ["decode"]);
        var other = identity.ForShard(new Shard("pump", "01"), [Inputs[0] with { Digest = Digest.Of("other pcm"u8) }]);
        Assert.NotEqual(identity.ForShard(Shard, Inputs).Key, other.Key);
        Assert.Equal(identity.MemoKey(Clip), StageIdentity.Of(new ConfigurableActivity(), new TransformOptions(), ["decode"]).MemoKey(Clip));
    }

    [Fact]
    public void MemoKey_OtherClipOrExtra_Differs()
    {
        var identity = StageIdentity.Of(new ConfigurableActivity(), new TransformOptions(), ["decode"]);
        var keys = new[] { identity.MemoKey(Clip), identity.MemoKey(Clip.Replace('1', '2')), identity.MemoKey(Clip, "mono"), identity.MemoKey(Clip, "0", "16000"), identity.MemoKey(Clip, "0", "32000") };
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void ForShard_DefaultWrittenOutOrLeftOut_GivesTheSameKey()
    {
        var activity = new ConfigurableActivity();
        Assert.Equal(Keys(activity, new TransformOptions()), Keys(activity, new TransformOptions { Modulo = 1000000, Mode = "a" }));
    }

    [Fact]
    public void ForShard_Document_ListsEveryPartOfTheIdentity()
    {
        var (_, document) = StageIdentity.Of(new ConfigurableActivity(), new TransformOptions(), ["decode"]).ForShard(Shard, Inputs);
        var doc = JsonNode.Parse(document)!.AsObject();
        Assert.Equal(["configuration", "environment", "inputs", "kind", "options", "shard", "version"], doc.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("x64-avx2-fma", doc["environment"]!["cpu"]!.GetValue<string>());
        Assert.Equal(1000000, doc["options"]!["modulo"]!.GetValue<int>());
    }
}

using Asd.Workflow.Audio.Activities.Embed;
using Asd.Workflow.Cli.Composition;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Composition;

/// <summary>For every registered activity, every option is part of the stage identity: the cache key and the per-clip memo key.</summary>
public sealed class ActivityCatalogTests
{
    private static readonly ActivityRegistry Registry = ActivityCatalog.Create(EncoderCatalog.Create(_ => { }, RepoPaths.TempDir("catalog-store")));
    private static readonly Shard Shard = new("fan", "00");
    private const string Clip = "sha256:0000000000000000000000000000000000000000000000000000000000000001";

    public static TheoryData<string> Kinds() => new(Registry.Kinds);

    private static (Digest Key, Digest Memo) Keys(IActivity activity, object options)
    {
        var identity = StageIdentity.Of(activity, options, ["a", "b"]);
        return (identity.ForShard(Shard, []).Key, identity.MemoKey(Clip));
    }

    private static void AssertEveryOptionChangesBothKeys(IActivity activity, object options, IReadOnlyDictionary<string, object>? valid = null)
    {
        var (key, memo) = Keys(activity, options);
        var changes = RecordMutations.EachChanged(options).ToList();
        Assert.NotEmpty(changes);
        foreach (var (name, changed) in changes)
        {
            if (valid?.GetValueOrDefault(name) is { } value) changed.GetType().GetProperty(name)!.SetValue(changed, value);
            var (k, m) = Keys(activity, changed);
            Assert.True(k != key, $"{activity.Kind}: option {name} does not change the cache key");
            Assert.True(m != memo, $"{activity.Kind}: option {name} does not change the memo key");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void StageIdentity_EachOptionOfEveryActivity_ChangesCacheKeyAndMemoKey(string kind)
    {
        var activity = Registry.Get(kind);
        AssertEveryOptionChangesBothKeys(activity, Activator.CreateInstance(activity.OptionsType)!);
    }

    [Fact]
    public void StageIdentity_EachOptionOfAnOnnxEmbedStage_ChangesCacheKeyAndMemoKey()
    {
        // device must stay one ONNX Runtime can resolve; cpu differs from the default auto.
        AssertEveryOptionChangesBothKeys(Registry.Get("embed"), new EmbedOptions { Encoder = "logmel-onnx" },
            new Dictionary<string, object> { [nameof(EmbedOptions.Device)] = "cpu", [nameof(EmbedOptions.Encoder)] = "logmel-stats" });
    }

    [Fact]
    public void Kinds_AreTheNineActivities()
    {
        Assert.Equal(["calibrate", "decode", "embed", "evaluate", "fuse", "guard", "package", "reliability", "score"], Registry.Kinds);
    }
}

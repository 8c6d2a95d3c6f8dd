using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Core.Tests.Fakes;

namespace Asd.Workflow.Core.Tests.Engine;

public sealed class RecordDigestTests
{
    private static readonly ExecutionRecord Known = new(
        "sha256:" + new string('a', 64), "{\"stage\":\"near\"}", "embed", 3, "near", "fan/00",
        [new RecordedInput("decode/fan/00/train", "sha256:" + new string('b', 64), "application/json")],
        [new RecordedOutput("train", "sha256:" + new string('c', 64), "application/octet-stream", ["decode/fan/00/train"])],
        new Dictionary<string, string> { ["onnxruntime"] = "1.20.1" }, ["mono clips fall back to near"], 1234);

    [Fact]
    public void Of_KnownRecord_IsTheDigestOfItsCanonicalJsonAsBefore()
    {
        Assert.Equal(Digest.Of(CanonicalJson.Serialize(Known)), RecordDigest.Of(Known)); // the formula the three callers wrote out
        Assert.Equal("sha256:38498e83a68b0fb2721c92a434c03b2af4b31a00969a577d39970a1808a28e97", RecordDigest.Of(Known).ToString()); // pinned: every stored record keeps its name
        Assert.Equal(CanonicalJson.Serialize(Known), RecordDigest.Bytes(Known));
    }

    [Fact]
    public async Task Run_EveryExecution_StoresItsRecordObjectUnderRecordDigest()
    {
        var engine = new EngineFixture();
        await engine.RunAsync(EngineFixture.Chain());
        var records = engine.Index.Executions();
        Assert.Equal(10, records.Count);
        Assert.All(records, r => Assert.Equal(RecordDigest.Bytes(r), engine.Store.ReadAll(RecordDigest.Of(r))));
    }
}

using System.Text.Json.Nodes;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Core.Engine;

/// <summary>
/// Cache key = SHA256 of canonical JSON over kind, implementation version, resolved options, shard, input
/// digests in declared order (by position among the needs, not by stage name), and environment facts.
/// Stage names and run ids stay out, so identical work in two workflows is shared.
/// </summary>
public static class CacheKey
{
    public static (Digest Key, string Document) Compute(
        IActivity activity, JsonObject options, Shard shard, IReadOnlyList<string> needs,
        IReadOnlyList<InputArtifact> inputs, IReadOnlyDictionary<string, string> environment)
    {
        var inputArray = new JsonArray();
        foreach (var input in inputs)
        {
            var position = needs.Count == 0 ? 0 : IndexOf(needs, input.Stage);
            inputArray.Add(new JsonArray(position, input.Shard, input.Port, input.Digest.ToString()));
        }
        var env = new JsonObject();
        foreach (var (k, v) in environment) env[k] = v;
        var doc = new JsonObject
        {
            ["kind"] = activity.Kind,
            ["version"] = activity.Version,
            ["options"] = options.DeepClone(),
            ["shard"] = shard.ToString(),
            ["inputs"] = inputArray,
            ["environment"] = env,
        };
        if (activity.UsesStageNames) doc["needs"] = new JsonArray(needs.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray());
        var bytes = CanonicalJson.ToBytes(doc);
        return (Digest.Of(bytes), System.Text.Encoding.UTF8.GetString(bytes));
    }

    private static int IndexOf(IReadOnlyList<string> needs, string stage)
    {
        for (var i = 0; i < needs.Count; i++) if (needs[i] == stage) return i;
        return -1; // ground truth handed to evaluation, not a declared need
    }
}

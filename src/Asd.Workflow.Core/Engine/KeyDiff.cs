using System.Text.Json.Nodes;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Core.Engine;

/// <summary>Explains why a cache key changed by comparing the previous and the current key documents.</summary>
public static class KeyDiff
{
    public static IReadOnlyList<string> Explain(string previous, string current)
    {
        var a = JsonNode.Parse(previous)!.AsObject();
        var b = JsonNode.Parse(current)!.AsObject();
        var reasons = new List<string>();
        if (Text(a["kind"]) != Text(b["kind"])) reasons.Add($"activity changed from {Text(a["kind"])} to {Text(b["kind"])}");
        if (Text(a["version"]) != Text(b["version"])) reasons.Add($"implementation version changed from {Text(a["version"])} to {Text(b["version"])}");
        Compare(a["options"] as JsonObject, b["options"] as JsonObject, "option", reasons);
        Compare(a["configuration"] as JsonObject, b["configuration"] as JsonObject, "configuration", reasons);
        Compare(a["environment"] as JsonObject, b["environment"] as JsonObject, "environment", reasons);
        var inA = Inputs(a); var inB = Inputs(b);
        foreach (var (slot, digest) in inB)
            if (!inA.TryGetValue(slot, out var old)) reasons.Add($"new input {slot}");
            else if (old != digest) reasons.Add($"input {slot} changed from {Short(old)} to {Short(digest)}");
        foreach (var slot in inA.Keys.Except(inB.Keys)) reasons.Add($"input {slot} removed");
        if (reasons.Count == 0) reasons.Add("cache entry missing from the store");
        return reasons;
    }

    private static void Compare(JsonObject? a, JsonObject? b, string what, List<string> reasons)
    {
        a ??= []; b ??= [];
        foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            var x = a[key] is null ? "(unset)" : CanonicalJson.ToText(a[key]);
            var y = b[key] is null ? "(unset)" : CanonicalJson.ToText(b[key]);
            if (x != y) reasons.Add($"{what} '{key}' changed from {x} to {y}");
        }
    }

    private static Dictionary<string, string> Inputs(JsonObject doc) =>
        (doc["inputs"] as JsonArray ?? []).Select(n => n!.AsArray())
            .ToDictionary(t => $"#{Text(t[0])} {Text(t[1])}:{Text(t[2])}", t => Text(t[3]));

    private static string Text(JsonNode? n) => n is null ? "" : n is JsonValue v ? v.ToString() : CanonicalJson.ToText(n);

    private static string Short(string digest) => digest.Length > 19 ? digest[..19] + "…" : digest;
}

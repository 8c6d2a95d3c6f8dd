using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Asd.Workflow.Core.Definitions;

/// <summary>
/// Moves option values between an options record and JSON by reflection over its writable properties
/// (snake_case names), without building serializer metadata: workflow loading stays cheap at start-up.
/// </summary>
public static class OptionValues
{
    public static IEnumerable<(string Name, PropertyInfo Property)> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite)
            .Select(p => (JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), p)).OrderBy(p => p.Item1, StringComparer.Ordinal);

    /// <summary>A new options record: defaults, overridden by the given values.</summary>
    public static object Create(Type type, JsonObject values)
    {
        var options = Activator.CreateInstance(type)!;
        foreach (var (name, property) in Properties(type))
            if (values[name] is { } node) property.SetValue(options, ToClr(node, property.PropertyType));
        return options;
    }

    /// <summary>Every option (defaults included) as JSON with sorted keys.</summary>
    public static JsonObject Resolve(object options)
    {
        var result = new JsonObject();
        foreach (var (name, property) in Properties(options.GetType())) result[name] = ToNode(property.GetValue(options));
        return result;
    }

    private static object? ToClr(JsonNode node, Type type)
    {
        if (type == typeof(int)) return node.GetValue<int>();
        if (type == typeof(double)) return node is JsonValue v && v.TryGetValue<int>(out var i) ? i : node.GetValue<double>();
        if (type == typeof(bool)) return node.GetValue<bool>();
        if (type == typeof(string)) return node.GetValue<string>();
        if (type == typeof(IReadOnlyList<string>)) return node.AsArray().Select(n => n!.GetValue<string>()).ToList();
        if (type == typeof(IReadOnlyDictionary<string, double>))
            return node.AsObject().ToDictionary(p => p.Key, p => (double)ToClr(p.Value!, typeof(double))!, StringComparer.Ordinal);
        if (type == typeof(IReadOnlyDictionary<string, string>))
            return node.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
        throw new NotSupportedException($"option type {type.Name} is not supported");
    }

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        int i => JsonValue.Create(i),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        IReadOnlyDictionary<string, double> map => new JsonObject(map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
        IReadOnlyDictionary<string, string> map => new JsonObject(map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
        IEnumerable<string> list => new JsonArray(list.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
        _ => throw new NotSupportedException($"option value of type {value.GetType().Name} is not supported"),
    };
}

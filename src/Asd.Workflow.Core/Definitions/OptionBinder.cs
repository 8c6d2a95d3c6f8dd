using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Asd.Workflow.Core.Definitions;

/// <summary>
/// Binds a stage's <c>with:</c> mapping to the activity's options record: every key must name a property
/// (snake_case), every value must have the property's type and satisfy its [Range]/[AllowedValues]. All
/// problems are collected; nothing throws per problem.
/// </summary>
internal sealed class OptionBinder(Func<YScalar, string?> substitute, List<string> problems)
{
    public (object Options, JsonObject Resolved)? Bind(Type optionsType, YMapping? with, string activityKind)
    {
        var properties = OptionValues.Properties(optionsType).ToDictionary(p => p.Name, p => p.Property, StringComparer.Ordinal);
        var given = new JsonObject();
        var before = problems.Count;
        foreach (var (key, value) in with?.Entries ?? [])
        {
            if (!properties.TryGetValue(key.Value, out var property))
            {
                problems.Add($"{key.Position}: unknown option '{key.Value}' for activity '{activityKind}' " +
                             $"(allowed: {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))})");
                continue;
            }
            if (given.ContainsKey(key.Value))
            {
                problems.Add($"{key.Position}: option '{key.Value}' given twice");
                continue;
            }
            var node = Convert(property, property.PropertyType, value, key.Value);
            if (node is not null) given[key.Value] = node;
        }
        if (problems.Count > before) return null;
        var options = OptionValues.Create(optionsType, given);
        return (options, OptionValues.Resolve(options));
    }

    private JsonNode? Convert(PropertyInfo property, Type type, YNode value, string name)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string) || underlying == typeof(int) || underlying == typeof(double) || underlying == typeof(bool))
            return ConvertScalar(property, underlying, value, name);
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() is var def &&
            (def == typeof(IReadOnlyList<>) || def == typeof(List<>)))
        {
            if (value is not YSequence seq) return Problem(value, name, "a list");
            var array = new JsonArray();
            foreach (var item in seq.Items) array.Add(ConvertScalar(property, underlying.GetGenericArguments()[0], item, name));
            return array;
        }
        if (underlying.IsGenericType && (underlying.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) ||
                                         underlying.GetGenericTypeDefinition() == typeof(Dictionary<,>)))
        {
            if (value is not YMapping map) return Problem(value, name, "a mapping");
            var obj = new JsonObject();
            var rule = property.GetCustomAttribute<NameAttribute>();
            foreach (var (k, v) in map.Entries)
            {
                if (rule is { Keys: true } && Names.Problem(k.Position, $"option '{name}' key", k.Value) is { } badKey) { problems.Add(badKey); continue; }
                obj[k.Value] = ConvertScalar(property, underlying.GetGenericArguments()[1], v, $"{name}.{k.Value}"); // values: the property's checks, as list items
            }
            return obj;
        }
        throw new NotSupportedException($"option type {type.Name} of '{name}' is not supported");
    }

    private JsonNode? ConvertScalar(PropertyInfo? property, Type type, YNode value, string name)
    {
        if (value is not YScalar scalar) return Problem(value, name, TypeWord(type));
        var text = substitute(scalar);
        if (text is null) return null;
        JsonNode? node = null;
        if (type == typeof(string)) node = JsonValue.Create(text);
        else if (type == typeof(int) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) node = JsonValue.Create(i);
        else if (type == typeof(double) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) node = JsonValue.Create(d);
        else if (type == typeof(bool) && bool.TryParse(text, out var b)) node = JsonValue.Create(b);
        if (node is null) return Problem(value, name, TypeWord(type), text);
        if (property is not null && !CheckAttributes(property, scalar, name, text, node)) return null;
        return node;
    }

    private bool CheckAttributes(PropertyInfo property, YScalar scalar, string name, string text, JsonNode node)
    {
        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            var x = double.Parse(text, CultureInfo.InvariantCulture);
            var min = System.Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
            var max = System.Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
            if (x < min || x > max)
            {
                problems.Add($"{scalar.Position}: option '{name}' is {text}, out of range [{range.Minimum}, {range.Maximum}]");
                return false;
            }
        }
        if (property.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed && !allowed.Values.Contains(text))
        {
            problems.Add($"{scalar.Position}: option '{name}' is '{text}', allowed: {string.Join(", ", allowed.Values)}");
            return false;
        }
        if (property.GetCustomAttribute<NameAttribute>() is { Values: true } && !CheckName(scalar, name, text)) return false;
        return true;
    }

    /// <summary>A name-valued option: empty means none; anything else must be a valid name.</summary>
    private bool CheckName(YScalar scalar, string name, string text)
    {
        if (text.Length == 0 || Names.Problem(scalar.Position, $"option '{name}' value", text) is not { } problem) return true;
        problems.Add(problem);
        return false;
    }

    private JsonNode? Problem(YNode at, string name, string expected, string? got = null)
    {
        problems.Add($"{at.Position}: option '{name}' must be {expected}" + (got is null ? "" : $", got '{got}'"));
        return null;
    }

    private static string TypeWord(Type t) =>
        t == typeof(int) ? "an integer" : t == typeof(double) ? "a number" : t == typeof(bool) ? "true or false" : "a string";
}

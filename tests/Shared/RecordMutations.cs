using System.Reflection;

namespace Asd.Workflow.Testing;

/// <summary>
/// For identity tests: copies of a record with one writable property changed at a time, by reflection, so a
/// property added later is covered without touching the test.
/// </summary>
internal static class RecordMutations
{
    /// <summary>(property name, a copy of <paramref name="record"/> with only that property changed).</summary>
    public static IEnumerable<(string Name, object Changed)> EachChanged(object record)
    {
        foreach (var property in record.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var copy = Clone(record);
            property.SetValue(copy, ChangedValue(property.GetValue(record), property.PropertyType));
            yield return (property.Name, copy);
        }
    }

    /// <summary>A different value of the same type: +1, +0.5, negated, suffixed, one more item or entry.</summary>
    public static object ChangedValue(object? value, Type type) => type switch
    {
        _ when type == typeof(int) => (int)value! + 1,
        _ when type == typeof(double) => (double)value! + 0.5,
        _ when type == typeof(bool) => !(bool)value!,
        _ when type == typeof(string) => (string?)value + "x",
        _ when type == typeof(IReadOnlyList<string>) => ((IReadOnlyList<string>?)value ?? []).Append("x").ToList(),
        _ when type == typeof(IReadOnlyDictionary<string, double>) =>
            new Dictionary<string, double>((IReadOnlyDictionary<string, double>?)value ?? new Dictionary<string, double>()) { ["x"] = 1.5 },
        _ when type == typeof(IReadOnlyDictionary<string, string>) =>
            new Dictionary<string, string>((IReadOnlyDictionary<string, string>?)value ?? new Dictionary<string, string>()) { ["x"] = "y" },
        _ => throw new NotSupportedException($"no changed value for a {type.Name} property; add one here"),
    };

    private static object Clone(object record) =>
        record.GetType().GetMethod("<Clone>$")?.Invoke(record, null) ?? throw new ArgumentException($"{record.GetType().Name} is not a record");
}

using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Asd.Workflow.Core.Activities;

namespace Asd.Workflow.Core.Definitions.Reference;

/// <summary>The value shapes an option may take (what <see cref="OptionBinder"/> accepts).</summary>
public enum OptionKind { String, Integer, Number, Boolean, StringList, NumberMap, StringMap }

/// <summary>
/// One option of an activity as the loader checks it: its snake_case name, shape, default (from a new options
/// record), allowed values and range (the [AllowedValues]/[Range] the binder enforces), whether keys or values
/// are names (<see cref="NameAttribute"/>), and its meaning (the property's <c>///</c> summary).
/// </summary>
public sealed record OptionDoc(
    string Name, OptionKind Kind, JsonNode? Default, IReadOnlyList<string> Allowed, double? Minimum, double? Maximum,
    bool NameKeys, bool NameValues, string? Meaning);

/// <summary>One activity kind: its name, scope, summary (the activity class's <c>///</c> summary) and options.</summary>
public sealed record ActivityDoc(string Kind, ActivityScope Scope, string? Summary, IReadOnlyList<OptionDoc> Options);

/// <summary>
/// The reference of workflow files, read from the registered activities and their option records by the same
/// reflection the loader binds with (<see cref="OptionValues.Properties"/>), so the reference cannot describe
/// an option the loader does not accept. docs/workflows.md and <c>asd schema</c> are renderings of it.
/// </summary>
public static class WorkflowReference
{
    /// <summary>Top-level keys of a workflow file and what they mean (the loader's TopKeys).</summary>
    public static readonly IReadOnlyList<(string Key, string Meaning)> TopKeys =
    [
        ("name", $"The workflow's name (required): {Names.Rule}; stage state in the index is kept per workflow name."),
        ("dataset", "The data-set folder; usually `${data}`, set by `--data DIR`."),
        ("on_bad_clip", "What decode does with a corrupt clip: `fail` (default) fails its shard naming the file; `skip` leaves it out and lists it."),
        ("stages", $"A mapping of stage name to stage (required). Stage names follow the name rule ({Names.Rule}); `{WorkflowLoader.DatasetStage}` is reserved for the data-set source."),
    ];

    /// <summary>Keys of one stage.</summary>
    public static readonly IReadOnlyList<(string Key, string Meaning)> StageKeys =
    [
        ("uses", "The activity kind (required), one of the kinds below."),
        ("needs", $"The stages it reads (a name or a list of names); `{WorkflowLoader.DatasetStage}` is the data set. The graph must be acyclic."),
        ("with", "The activity's options (a mapping); an option left out takes its default."),
    ];

    /// <summary>Every registered activity, ordered by kind, with its options ordered by name.</summary>
    public static IReadOnlyList<ActivityDoc> Describe(ActivityRegistry registry) =>
        registry.Kinds.Select(kind => registry.Get(kind)).Select(activity => new ActivityDoc(
            activity.Kind, activity.Scope, XmlDocs.Summary(activity.GetType()),
            Options(activity.OptionsType))).ToList();

    public static IReadOnlyList<OptionDoc> Options(Type optionsType)
    {
        var defaults = OptionValues.Resolve(Activator.CreateInstance(optionsType)!);
        return OptionValues.Properties(optionsType).Select(p =>
        {
            var range = p.Property.GetCustomAttribute<RangeAttribute>();
            var names = p.Property.GetCustomAttribute<NameAttribute>();
            return new OptionDoc(p.Name, KindOf(p.Property.PropertyType), defaults[p.Name]?.DeepClone(),
                p.Property.GetCustomAttribute<AllowedValuesAttribute>()?.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)!).ToList() ?? [],
                range is null ? null : Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture),
                range is null ? null : Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture),
                names?.Keys == true, names?.Values == true, XmlDocs.Summary(p.Property));
        }).ToList();
    }

    /// <summary>The shape of a property type; the cases are those <see cref="OptionValues"/> converts.</summary>
    private static OptionKind KindOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return OptionKind.String;
        if (type == typeof(int)) return OptionKind.Integer;
        if (type == typeof(double)) return OptionKind.Number;
        if (type == typeof(bool)) return OptionKind.Boolean;
        if (type == typeof(IReadOnlyList<string>)) return OptionKind.StringList;
        if (type == typeof(IReadOnlyDictionary<string, double>)) return OptionKind.NumberMap;
        if (type == typeof(IReadOnlyDictionary<string, string>)) return OptionKind.StringMap;
        throw new NotSupportedException($"option type {type.Name} has no reference shape");
    }
}

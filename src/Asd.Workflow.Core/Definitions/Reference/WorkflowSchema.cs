using System.Text.Json.Nodes;
using Asd.Workflow.Core.Definitions;

namespace Asd.Workflow.Core.Definitions.Reference;

/// <summary>
/// A JSON Schema (draft-07) of workflow files, built from <see cref="WorkflowReference"/>: the keys the loader
/// allows, one option schema per activity selected by <c>uses</c>, each option's type, default, enum or range
/// and name rule. A value holding a <c>${variable}</c> is accepted where a typed value is (it is substituted at
/// load time, then checked). The loader stays the authority: cycles, needs naming stages and cross-option checks
/// are beyond a schema.
/// </summary>
public static class WorkflowSchema
{
    /// <summary>Names (<see cref="Names"/>) as a JSON Schema pattern; kept equal to Names' regex by a test.</summary>
    public const string NamePattern = "^[A-Za-z][A-Za-z0-9_-]*$";

    /// <summary>A scalar holding a workflow variable, which the loader substitutes before checking.</summary>
    public const string VariablePattern = @"\$\{[A-Za-z_][A-Za-z0-9_]*\}";

    public static JsonObject Build(IReadOnlyList<ActivityDoc> activities)
    {
        var definitions = new JsonObject
        {
            ["name"] = new JsonObject { ["type"] = "string", ["pattern"] = NamePattern, ["maxLength"] = Names.MaxLength },
            ["stage"] = Stage(activities),
        };
        foreach (var a in activities) definitions[$"with-{a.Kind}"] = With(a);
        return new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = "asd workflow",
            ["description"] = "A workflow file of asd (docs/workflows.md).",
            ["type"] = "object",
            ["required"] = new JsonArray("name", "stages"),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["name"] = Described(OrVariable(Ref("name")), Top("name")),
                ["dataset"] = Described(new JsonObject { ["type"] = "string" }, Top("dataset")),
                ["on_bad_clip"] = Described(OrVariable(new JsonObject { ["enum"] = new JsonArray("fail", "skip") }), Top("on_bad_clip")),
                ["stages"] = Described(new JsonObject
                {
                    ["type"] = "object",
                    ["propertyNames"] = new JsonObject { ["allOf"] = new JsonArray(Ref("name"), new JsonObject { ["not"] = new JsonObject { ["const"] = WorkflowLoader.DatasetStage } }) },
                    ["additionalProperties"] = Ref("stage"),
                }, Top("stages")),
            },
            ["definitions"] = definitions,
        };
    }

    private static JsonObject Stage(IReadOnlyList<ActivityDoc> activities)
    {
        var kinds = new JsonArray(activities.Select(a => (JsonNode?)JsonValue.Create(a.Kind)).ToArray());
        var needName = new JsonObject { ["anyOf"] = new JsonArray(Ref("name"), new JsonObject { ["const"] = WorkflowLoader.DatasetStage }) };
        var selectors = new JsonArray();
        foreach (var a in activities)
            selectors.Add(new JsonObject
            {
                ["if"] = new JsonObject { ["properties"] = new JsonObject { ["uses"] = new JsonObject { ["const"] = a.Kind } }, ["required"] = new JsonArray("uses") },
                ["then"] = new JsonObject { ["properties"] = new JsonObject { ["with"] = Ref($"with-{a.Kind}") } },
            });
        return new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("uses"),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["uses"] = Described(new JsonObject { ["enum"] = kinds }, StageKey("uses")),
                ["needs"] = Described(new JsonObject { ["anyOf"] = new JsonArray(needName.DeepClone(), new JsonObject { ["type"] = "array", ["items"] = needName }) }, StageKey("needs")),
                ["with"] = Described(new JsonObject { ["type"] = "object" }, StageKey("with")),
            },
            ["allOf"] = selectors,
        };
    }

    private static JsonObject With(ActivityDoc activity)
    {
        var properties = new JsonObject();
        foreach (var o in activity.Options)
        {
            var schema = Option(o);
            if (o.Meaning is not null) schema["description"] = o.Meaning;
            schema["default"] = o.Default?.DeepClone();
            properties[o.Name] = schema;
        }
        var with = new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties };
        if (activity.Summary is not null) with["description"] = activity.Summary;
        return with;
    }

    private static JsonObject Option(OptionDoc o) => o.Kind switch
    {
        OptionKind.StringList => new JsonObject { ["type"] = "array", ["items"] = Scalar(o, OptionKind.String, o.NameValues) },
        OptionKind.NumberMap => Map(o, Scalar(o, OptionKind.Number, false)),
        OptionKind.StringMap => Map(o, Scalar(o, OptionKind.String, o.NameValues)),
        _ => Scalar(o, o.Kind, o.NameValues),
    };

    private static JsonObject Map(OptionDoc o, JsonObject values)
    {
        var map = new JsonObject { ["type"] = "object", ["additionalProperties"] = values };
        if (o.NameKeys) map["propertyNames"] = Ref("name");
        return map;
    }

    /// <summary>A scalar with the property's checks (the binder applies them to list items and map values alike).</summary>
    private static JsonObject Scalar(OptionDoc o, OptionKind kind, bool name)
    {
        var typed = new JsonObject { ["type"] = kind switch
        {
            OptionKind.Integer => "integer", OptionKind.Number => "number", OptionKind.Boolean => "boolean", _ => "string",
        } };
        if (o.Allowed.Count > 0)
            typed["enum"] = new JsonArray(o.Allowed.Select(v => kind == OptionKind.Integer ? (JsonNode?)JsonValue.Create(int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)) : JsonValue.Create(v)).ToArray());
        if (o.Minimum is { } min) typed["minimum"] = min;
        if (o.Maximum is { } max) typed["maximum"] = max;
        if (name) typed["anyOf"] = new JsonArray(Ref("name"), new JsonObject { ["const"] = "" });
        // A plain string without rules takes variables as they are; anything else may also be a variable.
        return kind == OptionKind.String && o.Allowed.Count == 0 && !name ? typed : OrVariable(typed);
    }

    private static JsonObject OrVariable(JsonObject schema) => new()
    {
        ["anyOf"] = new JsonArray(schema, new JsonObject { ["type"] = "string", ["pattern"] = VariablePattern }),
    };

    private static JsonObject Described(JsonObject schema, string meaning)
    {
        schema["description"] = meaning;
        return schema;
    }

    private static JsonObject Ref(string definition) => new() { ["$ref"] = $"#/definitions/{definition}" };

    private static string Top(string key) => WorkflowReference.TopKeys.Single(k => k.Key == key).Meaning;

    private static string StageKey(string key) => WorkflowReference.StageKeys.Single(k => k.Key == key).Meaning;
}

using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Definitions.Reference;

namespace Asd.Workflow.Core.Tests.Definitions.Reference;

/// <summary>The reference reads the same attributes the binder enforces, and the schema states them.</summary>
public sealed class WorkflowReferenceTests
{
    public sealed record ShapeOptions
    {
        [AllowedValues("a", "b")] public string Mode { get; init; } = "a";
        [Range(2, 9)] public int Count { get; init; } = 3;
        [Range(-1, 1)] public double Level { get; init; } = 0.5;
        public bool Flag { get; init; }
        [AllowedValues("8000", "16000")] public int Rate { get; init; } = 16000;
        [Name(Values = true)] public IReadOnlyList<string> Stages { get; init; } = [];
        [Name(Keys = true)] public IReadOnlyDictionary<string, double> Weights { get; init; } = new Dictionary<string, double>();
    }

    private sealed class ShapeActivity : Activity<ShapeOptions>
    {
        public override string Kind => "shape";
        public override int Version => 1;
        protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, ShapeOptions options, CancellationToken ct) => throw new NotSupportedException();
    }

    private static readonly IReadOnlyList<ActivityDoc> Docs = WorkflowReference.Describe(new ActivityRegistry([new ShapeActivity()]));

    private static OptionDoc Option(string name) => Docs.Single().Options.Single(o => o.Name == name);

    [Fact]
    public void Options_SnakeCaseNamesInOrder_WithKindsDefaultsAndRules()
    {
        Assert.Equal(["count", "flag", "level", "mode", "rate", "stages", "weights"], Docs.Single().Options.Select(o => o.Name));
        Assert.Equal((OptionKind.Integer, "3", 2.0, 9.0), (Option("count").Kind, Option("count").Default!.ToJsonString(), Option("count").Minimum, Option("count").Maximum));
        Assert.Equal((OptionKind.Boolean, "false"), (Option("flag").Kind, Option("flag").Default!.ToJsonString()));
        Assert.Equal(["a", "b"], Option("mode").Allowed);
        Assert.Equal((OptionKind.StringList, true, false), (Option("stages").Kind, Option("stages").NameValues, Option("stages").NameKeys));
        Assert.Equal((OptionKind.NumberMap, true), (Option("weights").Kind, Option("weights").NameKeys));
    }

    [Fact]
    public void Markdown_AllowedColumn_SaysWhatTheBinderChecks()
    {
        Assert.Equal("2 to 9", WorkflowReferenceMarkdown.Allowed(Option("count")));
        Assert.Equal("`a`, `b`", WorkflowReferenceMarkdown.Allowed(Option("mode")));
        Assert.Equal("`true`, `false`", WorkflowReferenceMarkdown.Allowed(Option("flag")));
        Assert.Equal("keys: names", WorkflowReferenceMarkdown.Allowed(Option("weights")));
        Assert.Contains("| `level` | number | `0.5` | -1 to 1 |", WorkflowReferenceMarkdown.Render(Docs), StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_OptionsOfAKind_AreSelectedByUses_AndCarryTheirRules()
    {
        var schema = WorkflowSchema.Build(Docs);
        var with = schema["definitions"]!["with-shape"]!;
        Assert.False(with["additionalProperties"]!.GetValue<bool>());
        var count = with["properties"]!["count"]!["anyOf"]![0]!;
        Assert.Equal(("integer", 2.0, 9.0), (count["type"]!.GetValue<string>(), count["minimum"]!.GetValue<double>(), count["maximum"]!.GetValue<double>()));
        Assert.Equal("[8000,16000]", with["properties"]!["rate"]!["anyOf"]![0]!["enum"]!.ToJsonString()); // integers, as YAML reads 16000
        Assert.Equal(3, with["properties"]!["count"]!["default"]!.GetValue<int>());
        var selector = schema["definitions"]!["stage"]!["allOf"]![0]!;
        Assert.Equal("shape", selector["if"]!["properties"]!["uses"]!["const"]!.GetValue<string>());
        Assert.Equal("#/definitions/with-shape", selector["then"]!["properties"]!["with"]!["$ref"]!.GetValue<string>());
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Asd.Workflow.Cli.Commands;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Definitions.Reference;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Testing;
using Json.Schema;

namespace Asd.Workflow.Cli.Tests.Commands;

/// <summary>
/// docs/workflows.md and <c>asd schema</c> against the code: the doc is regenerated and compared byte for byte,
/// every option has a meaning, and the schema accepts the checked-in workflows and rejects what the loader rejects.
/// </summary>
public sealed class SchemaCommandTests
{
    private static readonly ActivityRegistry Registry = SchemaCommand.Registry();
    private static readonly JsonSchema Schema = JsonSchema.FromText(SchemaCommand.Json(Registry));

    [Fact]
    public void WorkflowsDoc_Regenerated_EqualsCheckedInFile()
    {
        var path = Path.Combine(RepoPaths.Root, "docs", "workflows.md");
        var expected = SchemaCommand.Markdown(Registry);
        var actual = File.Exists(path) ? File.ReadAllText(path) : "(missing)";
        Assert.True(expected == actual,
            $"docs/workflows.md differs from the option records; regenerate it with `{WorkflowReferenceMarkdown.RegenerateCommand}` and commit it");
    }

    [Fact]
    public void Describe_EveryActivityAndOption_HasAMeaning()
    {
        var missing = WorkflowReference.Describe(Registry)
            .SelectMany(a => (a.Summary is null ? [$"activity {a.Kind}"] : Array.Empty<string>())
                .Concat(a.Options.Where(o => string.IsNullOrWhiteSpace(o.Meaning)).Select(o => $"{a.Kind}.{o.Name}")))
            .ToList();
        Assert.True(missing.Count == 0, "no /// summary (the meaning in docs/workflows.md): " + string.Join(", ", missing));
    }

    [Fact]
    public void Describe_KnownOptions_CarryTypeDefaultAndRules()
    {
        var score = WorkflowReference.Describe(Registry).Single(a => a.Kind == "score");
        var k = score.Options.Single(o => o.Name == "k");
        Assert.Equal((OptionKind.Integer, 1, 1.0, 1000.0), (k.Kind, k.Default!.GetValue<int>(), k.Minimum!.Value, k.Maximum!.Value));
        var method = score.Options.Single(o => o.Name == "method");
        Assert.Equal(["knn", "mahalanobis", "localized"], method.Allowed);
        Assert.Equal("\"knn\"", method.Default!.ToJsonString());
        var decode = WorkflowReference.Describe(Registry).Single(a => a.Kind == "decode");
        Assert.Equal(OptionKind.StringList, decode.Options.Single(o => o.Name == "views").Kind);
        var embed = WorkflowReference.Describe(Registry).Single(a => a.Kind == "embed");
        Assert.Equal("Mel bands; default 128.", embed.Options.Single(o => o.Name == "n_mels").Meaning); // <inheritdoc cref> resolved
    }

    public static TheoryData<string> CheckedInWorkflows()
    {
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Root, "workflows"), "*.yaml")
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "Asd.Workflow.Cli.Tests", "Workflows"), "*.yaml"))
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f)).Order(StringComparer.Ordinal);
        return new TheoryData<string>(files);
    }

    [Theory]
    [MemberData(nameof(CheckedInWorkflows))]
    public void Schema_CheckedInWorkflow_IsValid(string relative)
    {
        var errors = Errors(File.ReadAllText(Path.Combine(RepoPaths.Root, relative)));
        Assert.True(errors.Count == 0, $"{relative}: " + string.Join("; ", errors));
    }

    private const string Head = "name: t\ndataset: ${data}\nstages:\n  decode: { uses: decode }\n  e: { uses: embed, needs: [decode] }\n";

    /// <summary>Each case is rejected by both the loader and the schema: the schema states the loader's rules.</summary>
    [Theory]
    [InlineData("  s: { uses: score, needs: [e], with: { k: 0 } }\n")]                 // below [Range]
    [InlineData("  s: { uses: score, needs: [e], with: { method: forest } }\n")]       // not in [AllowedValues]
    [InlineData("  s: { uses: score, needs: [e], with: { neighbours: 3 } }\n")]        // unknown option
    [InlineData("  s: { uses: score, needs: [e], with: { k: three } }\n")]             // wrong type
    [InlineData("  s: { uses: forest, needs: [e] }\n")]                                // unknown activity
    [InlineData("  s: { uses: score, needs: [e], when: always }\n")]                   // unknown stage key
    [InlineData("  9s: { uses: score, needs: [e] }\n")]                                // bad stage name
    [InlineData("  s: { uses: fuse, needs: [e], with: { weights: { ../x: 1.0 } } }\n")] // bad name key
    [InlineData("  s: { uses: decode, with: { views: [near, sideways] } }\n")]         // bad list item
    [InlineData("  s: { uses: decode, with: { sample_rate: 12345 } }\n")]              // integer not allowed
    public void Schema_WhatTheLoaderRejects_IsInvalid(string stage)
    {
        var yaml = Head + stage;
        var loader = Assert.Throws<AsdException>(() => new WorkflowLoader(Registry).Load(yaml, "t.yaml", new Dictionary<string, string> { ["data"] = "d" }));
        Assert.Equal(ErrorCode.BadInput, loader.Code);
        Assert.NotEmpty(Errors(yaml));
    }

    [Theory]
    [InlineData("  s: { uses: score, needs: [e], with: { k: 5, shrinkage: 0.5, method: mahalanobis } }\n")]
    [InlineData("  s: { uses: score, needs: [e], with: { k: \"${k}\", method: \"${m}\" } }\n")] // variables, substituted at load
    [InlineData("  s: { uses: fuse, needs: [e], with: { weights: { e: 1 }, guard: \"\" } }\n")]
    public void Schema_ValidStage_IsValid(string stage) => Assert.Empty(Errors(Head + stage));

    [Theory]
    [InlineData("a"), InlineData("system_a"), InlineData("x-1"), InlineData("1a"), InlineData("_a"), InlineData("a.b"), InlineData("a/b"), InlineData(""), InlineData("é")]
    public void NamePattern_AgreesWithNames(string name) =>
        Assert.Equal(Names.IsValid(name), Regex.IsMatch(name, WorkflowSchema.NamePattern));

    private static List<string> Errors(string yaml)
    {
        var instance = JsonSerializer.SerializeToElement(ToJson(YamlTree.Parse(yaml, "t.yaml")));
        var result = Schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return [];
        return (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).DefaultIfEmpty("invalid").ToList();
    }

    /// <summary>YAML to JSON as an editor's YAML extension reads it: plain scalars resolve by the YAML 1.2 core schema.</summary>
    private static JsonNode? ToJson(YNode node) => node switch
    {
        YMapping m => new JsonObject(m.Entries.Select(e => KeyValuePair.Create(e.Key.Value, ToJson(e.Value)))),
        YSequence s => new JsonArray(s.Items.Select(ToJson).ToArray()),
        YScalar { Quoted: true } q => JsonValue.Create(q.Value),
        YScalar p => Plain(p.Value),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static JsonNode? Plain(string text)
    {
        if (text is "" or "~" or "null" or "Null" or "NULL") return null;
        if (text is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (text is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (Regex.IsMatch(text, "^[-+]?[0-9]+$")) return JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture));
        if (Regex.IsMatch(text, @"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")) return JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture));
        return JsonValue.Create(text);
    }
}

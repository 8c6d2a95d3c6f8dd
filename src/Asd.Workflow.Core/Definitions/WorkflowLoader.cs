using System.Text.RegularExpressions;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Core.Definitions;

/// <summary>
/// Loads a workflow file into an immutable <see cref="WorkflowDefinition"/>. Reports every problem at once,
/// each with file:line:column and the offending value, then throws one BadInput error.
/// </summary>
public sealed partial class WorkflowLoader(ActivityRegistry registry)
{
    /// <summary>The implicit source stage: the data-set inventory.</summary>
    public const string DatasetStage = "dataset";

    private static readonly HashSet<string> TopKeys = ["name", "dataset", "on_bad_clip", "stages"];
    private static readonly HashSet<string> StageKeys = ["uses", "needs", "with", "resources"];

    /// <summary>A workflow file's text: UTF-8 (a BOM allowed); other bytes are a BadInput naming the file and the offset.</summary>
    public static string Text(byte[] bytes, string file)
    {
        try { return StrictUtf8.GetString(bytes).TrimStart('\uFEFF'); }
        catch (System.Text.DecoderFallbackException ex)
        {
            throw AsdException.BadInput($"{file}: not UTF-8 text (invalid byte at offset {ex.Index}); save the workflow as UTF-8 YAML");
        }
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public WorkflowDefinition Load(string yamlText, string file, IReadOnlyDictionary<string, string> variables)
    {
        var problems = new List<string>();
        var root = YamlTree.Parse(yamlText, file);
        if (root is not YMapping top)
            throw AsdException.BadInput($"{root.Position}: a workflow file must be a mapping with 'name' and 'stages'");

        string? Substitute(YScalar scalar)
        {
            var missing = new List<string>();
            var text = VariablePattern().Replace(scalar.Value, m =>
            {
                if (variables.TryGetValue(m.Groups[1].Value, out var v)) return v;
                missing.Add(m.Groups[1].Value);
                return m.Value;
            });
            foreach (var name in missing)
                problems.Add($"{scalar.Position}: variable '${{{name}}}' is not set (use {(name == "data" ? "--data DIR" : $"--set {name}=VALUE")})");
            return missing.Count == 0 ? text : null;
        }

        string? name = null, dataset = null;
        var policy = BadClipPolicy.Fail;
        YMapping? stagesNode = null;
        var seenTop = new HashSet<string>();
        foreach (var (key, value) in top.Entries)
        {
            if (!TopKeys.Contains(key.Value)) { problems.Add($"{key.Position}: unknown key '{key.Value}' (allowed: {string.Join(", ", TopKeys)})"); continue; }
            if (!seenTop.Add(key.Value)) { problems.Add($"{key.Position}: key '{key.Value}' given twice"); continue; }
            switch (key.Value)
            {
                case "name":
                    name = ScalarOf(value, "name", problems) is { } n ? Substitute(n) : null;
                    if (name is not null && Names.Problem(value.Position, "workflow name", name) is { } badName) { problems.Add(badName); name = null; }
                    break;
                case "dataset": dataset = ScalarOf(value, "dataset", problems) is { } d ? Substitute(d) : null; break;
                case "on_bad_clip":
                    var p = ScalarOf(value, "on_bad_clip", problems);
                    var text = p is null ? null : Substitute(p);
                    if (p is not null && text is not null && text is not ("fail" or "skip")) problems.Add($"{p.Position}: on_bad_clip is '{text}', allowed: fail, skip");
                    else if (text == "skip") policy = BadClipPolicy.Skip;
                    break;
                case "stages":
                    if (value is YMapping m) stagesNode = m;
                    else problems.Add($"{value.Position}: 'stages' must be a mapping of stage name to stage");
                    break;
            }
        }
        if (name is null && !seenTop.Contains("name")) problems.Add($"{top.Position}: missing key 'name'");
        if (stagesNode is null && !seenTop.Contains("stages")) problems.Add($"{top.Position}: missing key 'stages'");

        var stages = new List<StageDefinition>();
        var names = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        var binder = new OptionBinder(Substitute, problems);
        foreach (var (key, value) in stagesNode?.Entries ?? [])
        {
            if (key.Value == DatasetStage) { problems.Add($"{key.Position}: stage name '{DatasetStage}' is reserved for the data-set source"); continue; }
            if (Names.Problem(key.Position, "stage name", key.Value) is { } badName) { problems.Add(badName); continue; }
            if (names.TryGetValue(key.Value, out var first)) { problems.Add($"{key.Position}: duplicate stage name '{key.Value}' (first defined at {first})"); continue; }
            names[key.Value] = key.Position;
            if (ReadStage(key, value, binder, Substitute, problems) is { } stage) stages.Add(stage);
        }

        foreach (var stage in stages)
        {
            foreach (var need in stage.Needs)
                if (need != DatasetStage && !names.ContainsKey(need))
                    problems.Add($"{stage.Position}: stage '{stage.Name}' needs '{need}', which names no stage (stages: {string.Join(", ", names.Keys)})");
            if (registry.TryGet(stage.Uses, out var activity))
                problems.AddRange(activity.Validate(stage.TypedOptions, stage.Needs).Select(p => $"{stage.Position}: stage '{stage.Name}': {p}"));
        }

        var ordered = problems.Count == 0 ? Topological(stages, problems) : stages;
        if (problems.Count > 0)
            throw AsdException.BadInput($"{file}: {problems.Count} problem(s) in workflow", problems);
        return new WorkflowDefinition(name!, file, dataset, policy, ordered);
    }

    private StageDefinition? ReadStage(YScalar key, YNode value, OptionBinder binder, Func<YScalar, string?> substitute, List<string> problems)
    {
        if (value is not YMapping map) { problems.Add($"{value.Position}: stage '{key.Value}' must be a mapping with 'uses'"); return null; }
        YScalar? uses = null; YMapping? with = null; YNode? resourcesNode = null; var needs = new List<string>();
        foreach (var (k, v) in map.Entries)
        {
            if (!StageKeys.Contains(k.Value)) { problems.Add($"{k.Position}: unknown key '{k.Value}' in stage '{key.Value}' (allowed: uses, needs, with, resources)"); continue; }
            if (k.Value == "resources") resourcesNode = v;
            else if (k.Value == "uses") uses = ScalarOf(v, "uses", problems);
            else if (k.Value == "with") { if (v is YMapping w) with = w; else problems.Add($"{v.Position}: 'with' must be a mapping"); }
            else if (v is YSequence seq) needs.AddRange(seq.Items.Select(i => (i as YScalar)?.Value ?? "?"));
            else if (v is YScalar one) needs.Add(one.Value);
        }
        if (uses is null) { problems.Add($"{key.Position}: stage '{key.Value}' has no 'uses'"); return null; }
        if (!registry.TryGet(uses.Value, out var activity))
        {
            problems.Add($"{uses.Position}: unknown activity '{uses.Value}' (known: {string.Join(", ", registry.Kinds)})");
            return null;
        }
        var bound = binder.Bind(activity.OptionsType, with, activity.Kind);
        var resources = resourcesNode is null ? StageResources.Default : StageResources.Read(resourcesNode, key.Value, substitute, problems);
        return bound is null ? null : new StageDefinition(key.Value, uses.Value, needs, bound.Value.Resolved, bound.Value.Options, key.Position) { Resources = resources };
    }

    private static YScalar? ScalarOf(YNode node, string what, List<string> problems)
    {
        if (node is YScalar s) return s;
        problems.Add($"{node.Position}: '{what}' must be a single value");
        return null;
    }

    /// <summary>Kahn's algorithm, declaration order among ready stages; a cycle is reported with its path.</summary>
    private static IReadOnlyList<StageDefinition> Topological(List<StageDefinition> stages, List<string> problems)
    {
        var byName = stages.ToDictionary(s => s.Name);
        var state = new Dictionary<string, int>(); // 0 new, 1 visiting, 2 done
        var order = new List<StageDefinition>();
        foreach (var s in stages)
            if (!Visit(s, new List<string>())) return stages;
        return order;

        bool Visit(StageDefinition s, List<string> path)
        {
            if (state.GetValueOrDefault(s.Name) == 2) return true;
            if (state.GetValueOrDefault(s.Name) == 1)
            {
                var cycle = path.SkipWhile(n => n != s.Name).Append(s.Name);
                problems.Add($"{s.Position}: cycle: {string.Join(" -> ", cycle)}");
                return false;
            }
            state[s.Name] = 1;
            path.Add(s.Name);
            foreach (var need in s.Needs.Where(n => n != DatasetStage))
                if (!Visit(byName[need], path)) return false;
            path.RemoveAt(path.Count - 1);
            state[s.Name] = 2;
            order.Add(s);
            return true;
        }
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex VariablePattern();
}

using System.Text.Json.Nodes;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Core.Engine;

/// <summary>
/// The one canonical description of everything that can change a stage shard's outputs. What goes in:
/// <list type="bullet">
/// <item><c>kind</c>, <c>version</c>: the activity and its implementation version (<see cref="IActivity.Version"/>, the only version number);</item>
/// <item><c>options</c>: every option after defaults are resolved (<see cref="OptionValues.Resolve"/>);</item>
/// <item><c>configuration</c>: what the activity resolves from them (<see cref="IActivity.Describe"/>; for embed the encoder:
///   a registry model's whole entry and file digest, every field of a built-in encoder);</item>
/// <item><c>environment</c>: facts of the machine and runtime that change results (<see cref="IActivity.EnvironmentFacts"/>:
///   CPU class, .NET runtime, ONNX Runtime version, provider, threads);</item>
/// <item><c>needs</c>: upstream stage names, only for activities that refer to them (<see cref="IActivity.UsesStageNames"/>);</item>
/// <item><c>shard</c> and <c>inputs</c>: the data — (machine, section) and every input digest in declared order.</item>
/// </list>
/// Cache key = SHA256 of the canonical JSON of all of it (<see cref="ForShard"/>). Per-clip memo key = SHA256 of
/// (everything but shard and inputs, clip digest, per-clip extras) (<see cref="MemoKey"/>), so a clip's result is
/// shared by every shard and run of the same configuration and by nothing else. Stage names (unless used) and
/// run ids stay out, so identical work in two workflows is shared. <see cref="Files"/> are the files the
/// configuration and facts were read from; the run stamp checks them with the facts.
/// </summary>
public sealed class StageIdentity
{
    private readonly JsonObject _stage;
    private readonly IReadOnlyList<string> _needs;
    private readonly string _memoPrefix;

    private StageIdentity(JsonObject stage, IReadOnlyList<string> needs, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> files)
    {
        _stage = stage;
        _needs = needs;
        Environment = environment;
        Files = files;
        _memoPrefix = Digest.Of(CanonicalJson.ToBytes(stage)).Hex;
    }

    /// <summary>The environment facts of the stage, as they were resolved when the identity was made.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The identity without the data (kind, version, options, configuration, environment[, needs]), as canonical JSON text.</summary>
    public string Document => CanonicalJson.ToText(_stage);

    /// <summary>Files the configuration and facts were read from (model registry, model files).</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>A copy of one entry of the configuration the activity resolved (<see cref="IActivity.Describe"/>), or null.</summary>
    public JsonNode? Configuration(string key) => _stage["configuration"]?[key]?.DeepClone();

    /// <summary>The identity of a stage: everything but the data (computed once per stage and run).</summary>
    public static StageIdentity Of(IActivity activity, object options, IReadOnlyList<string> needs)
    {
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in activity.EnvironmentFacts(options)) environment[k] = v;
        var env = new JsonObject();
        foreach (var (k, v) in environment) env[k] = v;
        var stage = new JsonObject
        {
            ["kind"] = activity.Kind,
            ["version"] = activity.Version,
            ["options"] = OptionValues.Resolve(options),
            ["configuration"] = activity.Describe(options),
            ["environment"] = env,
        };
        if (activity.UsesStageNames) stage["needs"] = new JsonArray(needs.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray());
        return new StageIdentity(stage, needs, environment, activity.DependencyFiles(options));
    }

    /// <summary>The cache key of one shard over these inputs, and the canonical document it is the hash of.</summary>
    public (Digest Key, string Document) ForShard(Shard shard, IReadOnlyList<InputArtifact> inputs)
    {
        var inputArray = new JsonArray();
        foreach (var input in inputs)
            inputArray.Add(new JsonArray(Position(input.Stage), input.Shard, input.Port, input.Digest.ToString()));
        var doc = (JsonObject)_stage.DeepClone();
        doc["shard"] = shard.ToString();
        doc["inputs"] = inputArray;
        var bytes = CanonicalJson.ToBytes(doc);
        return (Digest.Of(bytes), System.Text.Encoding.UTF8.GetString(bytes));
    }

    /// <summary>The per-clip memo key: this stage's identity without shard and inputs, the clip's digest, and per-clip extras.</summary>
    public Digest MemoKey(string clipDigest, params string[] extras) =>
        Digest.Of(_memoPrefix + "|" + clipDigest + (extras.Length == 0 ? "" : "|" + string.Join("|", extras)));

    // By position among the needs, not by stage name; ground truth handed to evaluation is not a need (-1).
    private int Position(string stage)
    {
        if (_needs.Count == 0) return 0;
        for (var i = 0; i < _needs.Count; i++) if (_needs[i] == stage) return i;
        return -1;
    }
}

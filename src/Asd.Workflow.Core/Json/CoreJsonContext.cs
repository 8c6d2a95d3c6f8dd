using System.Text.Json.Serialization;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Engine;

namespace Asd.Workflow.Core.Json;

/// <summary>
/// Compile-time JSON metadata for the records read on every run (execution records, inventories), so a no-op
/// run does not spend its start-up building serializer metadata by reflection. Same conventions as
/// <see cref="JsonDefaults"/>.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ExecutionRecord))]
[JsonSerializable(typeof(ClipInventory))]
[JsonSerializable(typeof(GroundTruth))]
[JsonSerializable(typeof(SourceArtifact))]
[JsonSerializable(typeof(List<SourceArtifact>))]
public sealed partial class CoreJsonContext : JsonSerializerContext;

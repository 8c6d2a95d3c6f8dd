using System.Text.Encodings.Web;
using System.Text.Json;

namespace Asd.Workflow.Cli.Output;

/// <summary>
/// The one serializer of the command line's --json output. Output goes to a terminal or a pipe, never into
/// HTML, so '&lt;', '&gt;', '&amp;', quotes and non-ASCII letters are written as themselves, not as \u003C escapes.
/// </summary>
internal static class JsonLines
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The store's record options (snake_case names, enums as text), with the same encoder.</summary>
    public static readonly JsonSerializerOptions Records = new(Core.Json.JsonDefaults.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>A record as the store would name its fields.</summary>
    public static string SerializeRecord<T>(T value) => JsonSerializer.Serialize(value, Records);
}

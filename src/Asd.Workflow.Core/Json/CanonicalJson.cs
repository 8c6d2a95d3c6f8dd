using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Asd.Workflow.Core.Json;

/// <summary>
/// Canonical JSON: object keys sorted ordinally, no insignificant white space, numbers as the shortest
/// round-trip text. Equal documents give equal bytes, so digests over it are stable.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] ToBytes(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            Write(writer, node);
        return buffer.ToArray();
    }

    public static string ToText(JsonNode? node) => Encoding.UTF8.GetString(ToBytes(node));

    /// <summary>
    /// Records that land in the store: serialised directly (property order is the declaration order, so the
    /// bytes are deterministic); the few dictionaries in records are filled in a fixed order by the code.
    /// </summary>
    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, JsonDefaults.Options);

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var pair in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(pair.Key);
                    Write(writer, pair.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array) Write(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValue value:
                WriteValue(writer, value);
                break;
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonValue value)
    {
        if (value.TryGetValue<double>(out var d) && value.GetValueKind() == JsonValueKind.Number)
        {
            if (Math.Floor(d) == d && Math.Abs(d) < 1e15) writer.WriteNumberValue((long)d);
            else writer.WriteRawValue(d.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            return;
        }
        value.WriteTo(writer);
    }
}

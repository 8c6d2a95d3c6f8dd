using System.Security.Cryptography;

namespace Asd.Workflow.Core.Hashing;

/// <summary>A SHA256 content digest, written "sha256:&lt;64 lowercase hex&gt;" (also in JSON).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(DigestJsonConverter))]
public readonly record struct Digest
{
    public const string Prefix = "sha256:";

    public Digest(string hex)
    {
        if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
            throw new ArgumentException($"not a SHA256 hex digest: '{hex}'", nameof(hex));
        Hex = hex.ToLowerInvariant();
    }

    public string Hex { get; }

    public override string ToString() => Prefix + Hex;

    public static Digest Parse(string text)
    {
        var hex = text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..] : text;
        return new Digest(hex);
    }

    public static bool TryParse(string text, out Digest digest)
    {
        try { digest = Parse(text); return true; }
        catch (ArgumentException) { digest = default; return false; }
    }

    public static Digest Of(ReadOnlySpan<byte> data) => new(Convert.ToHexStringLower(SHA256.HashData(data)));

    public static Digest Of(string text) => Of(System.Text.Encoding.UTF8.GetBytes(text));

    public static Digest FromHash(byte[] hash) => new(Convert.ToHexStringLower(hash));
}

/// <summary>Reads and writes a digest as its "sha256:…" string.</summary>
public sealed class DigestJsonConverter : System.Text.Json.Serialization.JsonConverter<Digest>
{
    public override Digest Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        Digest.Parse(reader.GetString() ?? throw new System.Text.Json.JsonException("a digest must be a string"));

    public override void Write(System.Text.Json.Utf8JsonWriter writer, Digest value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}

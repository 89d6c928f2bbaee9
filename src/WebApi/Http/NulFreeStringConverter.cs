using System.Text.Json;
using System.Text.Json.Serialization;

namespace Planck.WebApi.Http;

/// <summary>
/// Refuses JSON strings that contain the NUL character (U+0000). PostgreSQL cannot store it in text, so such input
/// used to reach the database and fail there as a 500; refused while reading the body, it is a 400 on every provider.
/// </summary>
public sealed class NulFreeStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new JsonException("Expected a string.");
        return value is not null && value.Contains('\0', StringComparison.Ordinal)
            ? throw new JsonException("Text may not contain the NUL character (U+0000).")
            : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

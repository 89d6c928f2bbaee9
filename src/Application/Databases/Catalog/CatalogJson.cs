using System.Text.Json;
using System.Text.Json.Serialization;

namespace Planck.Application.Databases.Catalog;

/// <summary>A catalog as stored with its connection: the last schema read, so answers need not read it again.</summary>
public static class CatalogJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Write(DatabaseCatalog catalog) => JsonSerializer.Serialize(catalog, Options);

    public static DatabaseCatalog Read(string json) =>
        string.IsNullOrWhiteSpace(json) || json == "{}" ? DatabaseCatalog.Empty : JsonSerializer.Deserialize<DatabaseCatalog>(json, Options) ?? DatabaseCatalog.Empty;
}

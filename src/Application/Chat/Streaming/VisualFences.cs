using System.Text.Json;
using System.Text.RegularExpressions;

namespace Planck.Application.Chat.Streaming;

/// <summary>What a fenced block's language asks it to become, when it names a chart or a map.</summary>
public enum VisualKind
{
    None,
    Chart,
    Map,
}

/// <summary>
/// Turns the text of a <c>```vega-lite</c> or <c>```geojson</c> fence into a <see cref="ChartBlock"/> or
/// <see cref="MapBlock"/>, or refuses it (null), in which case the fence stays the code block it was written as.
/// </summary>
/// <remarks>
/// The browser renders these without asking anyone, so a spec must not make it fetch anything: every key named
/// <c>url</c> or <c>href</c> anywhere in a chart is refused, as is <c>usermeta</c> (vega-embed reads its embed options,
/// loader included, from there), and every <c>data</c> must carry its rows inline. The caps keep one answer from
/// handing the browser more than it can draw.
/// </remarks>
public static partial class VisualFences
{
    /// <summary>The most fence text held back to be validated; a longer fence streams on as code.</summary>
    public const int MaxSourceChars = 256 * 1024;

    /// <summary>The most rows across all of a chart's inline <c>data.values</c>.</summary>
    public const int MaxChartRows = 5_000;

    public const int MaxMapFeatures = 2_000;

    /// <summary>The most positions (coordinate pairs) across all of a map's geometries.</summary>
    public const int MaxMapPositions = 20_000;

    private const int MaxDepth = 64;

    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        MaxDepth = MaxDepth,
        // Models write specs by hand and sometimes leave a trailing comma or a comment; the output is re-written
        // from the parsed tree, so neither reaches the browser.
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly HashSet<string> Compositions = new(StringComparer.Ordinal) { "layer", "hconcat", "vconcat", "concat" };

    private static readonly HashSet<string> GeometryTypes = new(StringComparer.Ordinal)
    {
        "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection",
    };

    /// <summary>Which visual a fence's language names: <c>vega-lite</c> (or <c>vegalite</c>, with a <c>json</c> suffix) or <c>geojson</c>.</summary>
    public static VisualKind KindOf(string language)
    {
        ArgumentNullException.ThrowIfNull(language);
        return language.ToLowerInvariant() switch
        {
            "vega-lite" or "vegalite" or "vega-lite+json" or "vegalite+json" or "vega-lite.json" or "vegalite.json"
                or "vega-lite-json" or "vegalite-json" => VisualKind.Chart,
            "geojson" or "geo+json" or "geo-json" or "geojson+json" => VisualKind.Map,
            _ => VisualKind.None,
        };
    }

    /// <summary>The block <paramref name="source"/> makes, or null when it is not a valid, self-contained visual.</summary>
    public static ContentBlock? TryBuild(VisualKind kind, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (kind == VisualKind.None || source.Length > MaxSourceChars)
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(source, ParseOptions);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return kind == VisualKind.Chart
                ? IsSafeChart(root) ? new ChartBlock(root.Clone(), ChartTitle(root)) : null
                : IsMap(root) ? new MapBlock(root.Clone(), StringProperty(root, "title") ?? StringProperty(root, "name")) : null;
        }
    }

    private static bool IsSafeChart(JsonElement spec)
    {
        if (spec.TryGetProperty("$schema", out var schema)
            && (schema.ValueKind != JsonValueKind.String || !VegaLiteV5Schema().IsMatch(schema.GetString()!)))
        {
            return false;
        }

        var rows = 0;
        return HasMarkOrComposition(spec) && IsSelfContained(spec, ref rows) && rows > 0;
    }

    private static bool HasMarkOrComposition(JsonElement spec)
    {
        foreach (var property in spec.EnumerateObject())
        {
            if (property.Name == "mark" || (Compositions.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.Array))
            {
                return true;
            }

            if (property.Name is "facet" or "repeat" && spec.TryGetProperty("spec", out var inner) && inner.ValueKind == JsonValueKind.Object)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>No key that loads or links (url, href, usermeta) anywhere, and every <c>data</c> inline; counts the rows.</summary>
    private static bool IsSelfContained(JsonElement element, ref int rows)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name.Equals("url", StringComparison.OrdinalIgnoreCase)
                        || property.Name.Equals("href", StringComparison.OrdinalIgnoreCase)
                        || property.Name.Equals("usermeta", StringComparison.OrdinalIgnoreCase))
                    {
                        return false;
                    }

                    if (property.Name == "data" && !IsInlineData(property.Value, ref rows))
                    {
                        return false;
                    }

                    if (!IsSelfContained(property.Value, ref rows))
                    {
                        return false;
                    }
                }

                return true;

            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!IsSelfContained(item, ref rows))
                    {
                        return false;
                    }
                }

                return true;

            default:
                return true;
        }
    }

    // A layer may say "data": null to ignore its parent's data; anything else must be rows written out.
    private static bool IsInlineData(JsonElement data, ref int rows)
    {
        if (data.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        rows += values.GetArrayLength();
        return rows <= MaxChartRows;
    }

    private static string? ChartTitle(JsonElement spec) =>
        spec.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.Object
            ? StringProperty(title, "text")
            : StringProperty(spec, "title");

    private static bool IsMap(JsonElement root)
    {
        if (StringProperty(root, "type") != "FeatureCollection"
            || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var count = features.GetArrayLength();
        if (count is 0 or > MaxMapFeatures)
        {
            return false;
        }

        var positions = 0;
        foreach (var feature in features.EnumerateArray())
        {
            if (feature.ValueKind != JsonValueKind.Object || StringProperty(feature, "type") != "Feature"
                || !feature.TryGetProperty("geometry", out var geometry) || !IsGeometry(geometry, 0, ref positions))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsGeometry(JsonElement geometry, int depth, ref int positions)
    {
        if (geometry.ValueKind != JsonValueKind.Object || StringProperty(geometry, "type") is not { } type || !GeometryTypes.Contains(type))
        {
            return false;
        }

        if (type == "GeometryCollection")
        {
            if (depth > 0 || !geometry.TryGetProperty("geometries", out var members) || members.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            foreach (var member in members.EnumerateArray())
            {
                if (!IsGeometry(member, depth + 1, ref positions))
                {
                    return false;
                }
            }

            return true;
        }

        if (!geometry.TryGetProperty("coordinates", out var coordinates))
        {
            return false;
        }

        return type switch
        {
            "Point" => IsPosition(coordinates, ref positions),
            "MultiPoint" => AreAll(coordinates, 1, (JsonElement c, ref int p) => IsPosition(c, ref p), ref positions),
            "LineString" => IsLine(coordinates, 2, ref positions),
            "MultiLineString" => AreAll(coordinates, 1, (JsonElement c, ref int p) => IsLine(c, 2, ref p), ref positions),
            "Polygon" => IsPolygon(coordinates, ref positions),
            _ => AreAll(coordinates, 1, (JsonElement c, ref int p) => IsPolygon(c, ref p), ref positions),
        };
    }

    private delegate bool Check(JsonElement element, ref int positions);

    private static bool IsPolygon(JsonElement rings, ref int positions) =>
        AreAll(rings, 1, (JsonElement ring, ref int p) => IsLine(ring, 4, ref p), ref positions);

    private static bool IsLine(JsonElement line, int least, ref int positions) =>
        AreAll(line, least, (JsonElement c, ref int p) => IsPosition(c, ref p), ref positions);

    private static bool AreAll(JsonElement array, int least, Check check, ref int positions)
    {
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() < least)
        {
            return false;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (!check(item, ref positions))
            {
                return false;
            }
        }

        return true;
    }

    // [longitude, latitude] with an optional altitude, in range, and within the map's budget of positions.
    private static bool IsPosition(JsonElement position, ref int positions)
    {
        if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() is < 2 or > 3 || ++positions > MaxMapPositions)
        {
            return false;
        }

        var i = 0;
        foreach (var value in position.EnumerateArray())
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
            {
                return false;
            }

            var limit = i switch
            {
                0 => 180.0,
                1 => 90.0,
                _ => double.MaxValue,
            };
            if (Math.Abs(number) > limit)
            {
                return false;
            }

            i++;
        }

        return true;
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex(@"^https?://vega\.github\.io/schema/vega-lite/v5(\.\d+){0,2}\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex VegaLiteV5Schema();
}

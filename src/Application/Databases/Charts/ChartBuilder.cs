using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Planck.Application.Chat.Streaming;
using Planck.Application.Databases.Engines;
using Planck.Application.Databases.Grounding;

namespace Planck.Application.Databases.Charts;

/// <summary>What the workspace context prefers for charts; <see cref="TimeUnit"/> is <c>year</c>, <c>quarter</c>, <c>month</c>, <c>week</c>, <c>day</c> or <c>hour</c>.</summary>
public sealed record ChartPreferences(string? TimeUnit);

/// <summary>
/// Builds a Vega-Lite v5 chart from a query result when its shape fits one: a time column and a measure make a line
/// (coloured by a category when there is one), a category of 2 to 20 values and a measure make a bar, two measures
/// make a scatter. Anything else, and any result the row limit cut, gets no chart.
/// </summary>
/// <remarks>
/// A truncated result gets no chart: a line that stops at an arbitrary row or bars for whichever categories came
/// first would look complete, and the chart cannot say it is not (the table block does). For the same reason a
/// result longer than <see cref="MaxRows"/> is not sampled down but left to the table. Times are drawn in UTC
/// (a <c>utc</c> scale and utc time units) because the engines return UTC or zone-less times, and a browser
/// converting them to its own zone would move a date to the day before.
/// </remarks>
public static class ChartBuilder
{
    public const string Schema = "https://vega.github.io/schema/vega-lite/v5.json";

    /// <summary>The most rows drawn; a longer result gets no chart.</summary>
    public const int MaxRows = 1_000;

    public const int MaxCategories = 20;

    /// <summary>Up to this many points a line also marks each point.</summary>
    private const int MaxMarkedPoints = 60;

    public static JsonElement? Build(QueryResult result, string? title, ChartPreferences? preferences)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Truncated || result.Rows.Count < 2 || result.Rows.Count > MaxRows)
        {
            return null;
        }

        var columns = Classify(result);
        var measures = columns.Where(c => c.Role == Role.Measure).ToList();
        var time = columns.FirstOrDefault(c => c.Role == Role.Time);
        var categories = columns.Where(c => c.Role is Role.Category or Role.Ordinal).ToList();
        if (measures.Count == 0)
        {
            return null;
        }

        var measure = measures[0];
        JsonObject encoding;
        JsonNode mark;
        string description;
        if (time is not null)
        {
            var series = categories.FirstOrDefault();
            var seriesCount = series is null ? 0 : DistinctCount(result, series.Index);
            if (seriesCount > MaxCategories)
            {
                return null;
            }

            var colour = seriesCount > 1 ? series : null;
            encoding = new JsonObject
            {
                ["x"] = TimeAxis(result, time, colour, preferences),
                ["y"] = Channel(measure, "quantitative"),
            };
            if (colour is not null)
            {
                encoding["color"] = Channel(colour, "nominal");
            }

            mark = result.Rows.Count <= MaxMarkedPoints ? new JsonObject { ["type"] = "line", ["point"] = true } : "line";
            description = colour is null ? $"{measure.Name} over {time.Name}" : $"{measure.Name} over {time.Name} by {colour.Name}";
        }
        else if (categories.Count > 0)
        {
            var category = categories[0];
            var count = DistinctCount(result, category.Index);
            if (count is < 2 or > MaxCategories)
            {
                return null;
            }

            encoding = new JsonObject
            {
                ["x"] = CategoryAxis(result, category),
                ["y"] = Channel(measure, "quantitative"),
            };
            if (count < result.Rows.Count)
            {
                // Several rows per bar stack; that says something only when a second category tells the parts apart.
                var parts = categories.Skip(1).FirstOrDefault(c => DistinctCount(result, c.Index) <= MaxCategories);
                if (parts is null)
                {
                    return null;
                }

                encoding["color"] = Channel(parts, "nominal");
            }

            mark = "bar";
            description = $"{measure.Name} by {category.Name}";
        }
        else if (measures.Count >= 2)
        {
            encoding = new JsonObject
            {
                ["x"] = Channel(measures[0], "quantitative"),
                ["y"] = Channel(measures[1], "quantitative"),
            };
            mark = "point";
            description = $"{measures[1].Name} against {measures[0].Name}";
        }
        else
        {
            return null;
        }

        var spec = new JsonObject { ["$schema"] = Schema };
        if (!string.IsNullOrWhiteSpace(title))
        {
            spec["title"] = title;
        }

        spec["description"] = description;
        spec["data"] = new JsonObject { ["values"] = Values(result, columns) };
        spec["mark"] = mark;
        spec["encoding"] = encoding;
        return Validated(spec);
    }

    /// <summary>
    /// The server built the spec, but it goes to the browser as any model-written chart would, so it passes the same
    /// check (<see cref="VisualFences"/>): inline data only, nothing that loads, within the row cap.
    /// </summary>
    private static JsonElement? Validated(JsonObject spec) =>
        VisualFences.TryBuild(VisualKind.Chart, spec.ToJsonString()) is ChartBlock chart ? chart.Spec : null;

    private enum Role
    {
        Ignored,
        Measure,
        Time,
        Category,
        Ordinal,
    }

    /// <summary>A result column with its role and the key its values carry in the chart's data.</summary>
    private sealed record Column(int Index, string Name, string Key, ResultKind Kind, Role Role);

    private static List<Column> Classify(QueryResult result)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var columns = new List<Column>();
        for (var i = 0; i < result.Columns.Count; i++)
        {
            var column = result.Columns[i];
            columns.Add(new Column(i, column.Name, UniqueKey(column.Name, keys), column.Kind, RoleOf(result, i)));
        }

        return columns;
    }

    private static Role RoleOf(QueryResult result, int index)
    {
        var column = result.Columns[index];
        var lastWord = Keywords.Words(column.Name).LastOrDefault();
        switch (column.Kind)
        {
            case ResultKind.WholeNumber when lastWord == "id":
                return Role.Category;
            case ResultKind.WholeNumber when lastWord is "year" or "quarter" or "month" or "week" or "day" or "hour":
                return Role.Ordinal;
            case ResultKind.WholeNumber or ResultKind.Number:
                return result.Rows.Any(row => ResultCells.Number(Cell(row, index)) is not null) ? Role.Measure : Role.Ignored;
            case ResultKind.Date or ResultKind.DateTime:
                return Role.Time;
            case ResultKind.Text:
                var texts = result.Rows.Select(row => Cell(row, index)).Where(cell => cell is not null).ToList();
                return texts.Count > 0 && texts.All(cell => cell is string text && TemporalText.TryParse(text, out _))
                    ? Role.Time
                    : Role.Category;
            case ResultKind.Boolean:
                return Role.Ordinal;
            default:
                return Role.Ignored;
        }
    }

    /// <summary>
    /// The column's name as its data key, made unique, and never a key the chart check refuses anywhere in a spec
    /// (<c>url</c>, <c>href</c>, <c>usermeta</c>); the axis titles still show the real name.
    /// </summary>
    private static string UniqueKey(string name, HashSet<string> keys)
    {
        var key = name is { Length: 0 } ? "column" : name;
        if (key.Equals("url", StringComparison.OrdinalIgnoreCase) || key.Equals("href", StringComparison.OrdinalIgnoreCase)
            || key.Equals("usermeta", StringComparison.OrdinalIgnoreCase))
        {
            key += "_";
        }

        var unique = key;
        for (var n = 2; !keys.Add(unique); n++)
        {
            unique = string.Create(CultureInfo.InvariantCulture, $"{key} ({n})");
        }

        return unique;
    }

    private static JsonObject Channel(Column column, string type) => new()
    {
        ["field"] = FieldReference(column.Key),
        ["type"] = type,
        ["title"] = column.Name,
    };

    /// <summary>Vega-Lite reads dots and brackets in a field as nesting; a backslash makes them (and itself) plain.</summary>
    internal static string FieldReference(string key) =>
        key.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(".", "\\.", StringComparison.Ordinal)
            .Replace("[", "\\[", StringComparison.Ordinal)
            .Replace("]", "\\]", StringComparison.Ordinal);

    private static JsonObject TimeAxis(QueryResult result, Column time, Column? series, ChartPreferences? preferences)
    {
        var axis = Channel(time, "temporal");
        axis["scale"] = new JsonObject { ["type"] = "utc" };
        if (TemporalText.UtcUnit(preferences?.TimeUnit) is { } unit && UnitKeepsRowsApart(result, time, series, preferences!.TimeUnit!))
        {
            axis["timeUnit"] = unit;
        }

        return axis;
    }

    /// <summary>
    /// A preferred unit coarser than the data would put several rows on one point, and summing them is wrong for an
    /// average or a balance; so the preference applies only where each row keeps a point of its own.
    /// </summary>
    private static bool UnitKeepsRowsApart(QueryResult result, Column time, Column? series, string unit)
    {
        var seen = new HashSet<(long, string?)>();
        foreach (var row in result.Rows)
        {
            if (TemporalValue(Cell(row, time.Index)) is not { } moment)
            {
                continue;
            }

            var seriesValue = series is null ? null : ResultCells.Text(Cell(row, series.Index));
            if (!seen.Add((TemporalText.Truncate(moment, unit).Ticks, seriesValue)))
            {
                return false;
            }
        }

        return true;
    }

    private static JsonObject CategoryAxis(QueryResult result, Column category)
    {
        if (category.Role == Role.Ordinal)
        {
            return Channel(category, "ordinal");
        }

        var axis = Channel(category, "nominal");

        // Bars read best largest first, unless the rows came in the category's own order (names, codes, A to Z).
        var values = result.Rows.Select(row => ResultCells.Text(Cell(row, category.Index)) ?? "").ToList();
        var natural = values.Zip(values.Skip(1)).All(pair => string.CompareOrdinal(pair.First, pair.Second) <= 0);
        axis["sort"] = natural ? "ascending" : "-y";
        return axis;
    }

    private static JsonArray Values(QueryResult result, List<Column> columns)
    {
        var values = new JsonArray();
        foreach (var row in result.Rows)
        {
            var item = new JsonObject();
            foreach (var column in columns.Where(c => c.Role != Role.Ignored))
            {
                item[column.Key] = Value(Cell(row, column.Index), column);
            }

            values.Add(item);
        }

        return values;
    }

    private static JsonValue? Value(object? cell, Column column)
    {
        if (cell is null or DBNull)
        {
            return null;
        }

        return column.Role switch
        {
            Role.Measure => ResultCells.Number(cell) is { } number ? JsonValue.Create(number) : null,
            Role.Time => TemporalValue(cell) is { } moment ? JsonValue.Create(TemporalText.Format(moment, column.Kind == ResultKind.Date || IsDateOnly(cell))) : null,
            _ => cell switch
            {
                bool flag => JsonValue.Create(flag),
                _ when ResultCells.Number(cell) is { } number => JsonValue.Create(number),
                _ => JsonValue.Create(ResultCells.Text(cell)),
            },
        };
    }

    private static bool IsDateOnly(object cell) => cell is DateOnly || (cell is string text && TemporalText.IsDateOnly(text));

    /// <summary>A time cell as a UTC moment: zone-less times are taken as UTC, the way the engines return them.</summary>
    private static DateTime? TemporalValue(object? cell) => cell switch
    {
        DateOnly date => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        DateTime { Kind: DateTimeKind.Local } local => local.ToUniversalTime(),
        DateTime dateTime => DateTime.SpecifyKind(dateTime, DateTimeKind.Utc),
        DateTimeOffset offset => offset.UtcDateTime,
        string text when TemporalText.TryParse(text, out var parsed) => parsed,
        _ => null,
    };

    private static object? Cell(object?[] row, int index) => index < row.Length ? row[index] : null;

    private static int DistinctCount(QueryResult result, int index) =>
        result.Rows.Select(row => ResultCells.Text(Cell(row, index))).Distinct(StringComparer.Ordinal).Count();
}

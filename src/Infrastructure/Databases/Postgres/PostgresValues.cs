using System.Collections;
using System.Globalization;
using Npgsql;
using Planck.Application.Databases.Engines;

namespace Planck.Infrastructure.Databases.Postgres;

/// <summary>
/// How a result column's values become the cells <see cref="QueryResult"/> promises: whole numbers as long, numeric as
/// decimal, floats as double, date as <see cref="DateOnly"/>, timestamptz as a UTC <see cref="DateTime"/>, timestamp as
/// an unspecified one, and everything else as invariant text.
/// </summary>
internal sealed record PostgresValues(ResultKind Kind, Func<NpgsqlDataReader, int, object?> ReadValue) : IResultColumnReader<NpgsqlDataReader>
{
    public object? Read(NpgsqlDataReader reader, int ordinal) => ReadValue(reader, ordinal);

    public static PostgresValues For(NpgsqlDataReader reader, int ordinal)
    {
        // The type's own name, without modifiers: numeric, not numeric(12,2).
        var type = reader.GetPostgresType(ordinal).Name;
        var field = reader.GetFieldType(ordinal);
        return type switch
        {
            "date" => new(ResultKind.Date, (r, i) => Guarded(r, i, () => r.GetFieldValue<DateOnly>(i))),
            "timestamp with time zone" => new(ResultKind.DateTime, (r, i) => Guarded(r, i, () => DateTime.SpecifyKind(r.GetFieldValue<DateTime>(i), DateTimeKind.Utc))),
            "timestamp without time zone" => new(ResultKind.DateTime, (r, i) => Guarded(r, i, () => r.GetFieldValue<DateTime>(i))),
            "numeric" or "money" => new(ResultKind.Number, (r, i) => Guarded(r, i, () => r.GetFieldValue<decimal>(i))),
            _ when field == typeof(short) || field == typeof(int) || field == typeof(long) => new(ResultKind.WholeNumber, (r, i) => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture)),
            _ when field == typeof(float) || field == typeof(double) => new(ResultKind.Number, (r, i) => Convert.ToDouble(r.GetValue(i), CultureInfo.InvariantCulture)),
            _ when field == typeof(bool) => new(ResultKind.Boolean, (r, i) => r.GetBoolean(i)),
            _ when field == typeof(string) || field == typeof(char) || field == typeof(Guid) => new(ResultKind.Text, (r, i) => Text(r.GetValue(i))),
            _ => new(ResultKind.Other, (r, i) => Text(r.GetValue(i))),
        };
    }

    /// <summary>A value .NET cannot hold (infinity dates, a numeric wider than decimal) is shown as PostgreSQL writes it.</summary>
    private static object? Guarded(NpgsqlDataReader reader, int ordinal, Func<object> read)
    {
        try
        {
            return read();
        }
        catch (Exception unrepresentable) when (unrepresentable is InvalidCastException or OverflowException or ArgumentOutOfRangeException)
        {
            return reader.GetFieldValue<string>(ordinal);
        }
    }

    private static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        string text => text,
        byte[] bytes => $"({bytes.Length} bytes)",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => "{" + string.Join(",", items.Cast<object?>().Select(Text)) + "}",
        _ => value.ToString(),
    };
}

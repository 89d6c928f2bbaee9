using System.Globalization;
using MySqlConnector;
using Planck.Application.Databases.Engines;

namespace Planck.Infrastructure.Databases.MySql;

/// <summary>
/// How a result column's values become the cells <see cref="QueryResult"/> promises: whole numbers as long (an unsigned
/// BIGINT past long's range as decimal), DECIMAL as decimal, floats as double, DATE as <see cref="DateOnly"/>, DATETIME
/// as an unspecified <see cref="DateTime"/>, TIMESTAMP as UTC (the session's time zone is UTC), a zero date as the text
/// MySQL shows, and everything else as invariant text.
/// </summary>
internal sealed record MySqlValues(ResultKind Kind, Func<MySqlDataReader, int, object?> ReadValue) : IResultColumnReader<MySqlDataReader>
{
    public object? Read(MySqlDataReader reader, int ordinal) => ReadValue(reader, ordinal);

    public static MySqlValues For(MySqlDataReader reader, int ordinal)
    {
        var type = reader.GetDataTypeName(ordinal).ToUpperInvariant();
        var field = reader.GetFieldType(ordinal);
        return type switch
        {
            "DATE" or "NEWDATE" => new(ResultKind.Date, (r, i) => Moment(r.GetValue(i), date: true, DateTimeKind.Unspecified)),
            "DATETIME" => new(ResultKind.DateTime, (r, i) => Moment(r.GetValue(i), date: false, DateTimeKind.Unspecified)),
            "TIMESTAMP" => new(ResultKind.DateTime, (r, i) => Moment(r.GetValue(i), date: false, DateTimeKind.Utc)),
            "DECIMAL" or "NEWDECIMAL" => new(ResultKind.Number, (r, i) => Guarded(r, i, () => r.GetDecimal(i))),
            _ when field == typeof(ulong) => new(ResultKind.WholeNumber, (r, i) =>
                r.GetFieldValue<ulong>(i) is var value && value <= long.MaxValue ? (long)value : (decimal)value),
            _ when field == typeof(sbyte) || field == typeof(byte) || field == typeof(short) || field == typeof(ushort)
                || field == typeof(int) || field == typeof(uint) || field == typeof(long) => new(ResultKind.WholeNumber, (r, i) => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture)),
            _ when field == typeof(float) || field == typeof(double) => new(ResultKind.Number, (r, i) => Convert.ToDouble(r.GetValue(i), CultureInfo.InvariantCulture)),
            _ when field == typeof(bool) => new(ResultKind.Boolean, (r, i) => r.GetBoolean(i)),
            _ when field == typeof(string) || field == typeof(char) || field == typeof(Guid) => new(ResultKind.Text, (r, i) => Text(r.GetValue(i))),
            _ => new(ResultKind.Other, (r, i) => Text(r.GetValue(i))),
        };
    }

    private static object? Moment(object? value, bool date, DateTimeKind kind) => value switch
    {
        DateTime moment when date => DateOnly.FromDateTime(moment),
        DateTime moment => DateTime.SpecifyKind(moment, kind),
        MySqlDateTime valid when valid.IsValidDateTime => Moment(valid.GetDateTime(), date, kind),
        // '0000-00-00' and its kin exist in MySQL and nowhere in .NET.
        MySqlDateTime invalid => date
            ? string.Create(CultureInfo.InvariantCulture, $"{invalid.Year:0000}-{invalid.Month:00}-{invalid.Day:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{invalid.Year:0000}-{invalid.Month:00}-{invalid.Day:00} {invalid.Hour:00}:{invalid.Minute:00}:{invalid.Second:00}"),
        _ => Text(value),
    };

    /// <summary>A DECIMAL wider than .NET's decimal is shown as MySQL writes it.</summary>
    private static object? Guarded(MySqlDataReader reader, int ordinal, Func<object> read)
    {
        try
        {
            return read();
        }
        catch (Exception unrepresentable) when (unrepresentable is InvalidCastException or OverflowException or FormatException)
        {
            return reader.GetString(ordinal);
        }
    }

    private static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        string text => text,
        byte[] bytes => $"({bytes.Length} bytes)",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

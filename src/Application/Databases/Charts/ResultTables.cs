using Planck.Application.Chat.Streaming;
using Planck.Application.Databases.Engines;

namespace Planck.Application.Databases.Charts;

/// <summary>A query result as the answer's table block.</summary>
public static class ResultTables
{
    /// <summary>
    /// The result as a <see cref="TableBlock"/> typed by each column's kind, and whether the row limit cut it (the API's
    /// <c>"truncated": true</c>, which the block itself does not carry yet).
    /// </summary>
    /// <remarks>
    /// Date and time columns are <c>date</c> columns holding ISO 8601 date-times; the web app sorts and shows both
    /// forms. A cell whose value does not fit its column's kind is written as text rather than lost.
    /// </remarks>
    public static (TableBlock Table, bool Truncated) ToTableBlock(QueryResult result, string? title)
    {
        ArgumentNullException.ThrowIfNull(result);
        var columns = result.Columns.Select(column => new TableColumn(column.Name, TypeOf(column.Kind))).ToList();
        var rows = result.Rows
            .Select(row => (IReadOnlyList<object?>)result.Columns.Select((column, i) => Cell(i < row.Length ? row[i] : null, column.Kind)).ToList())
            .ToList();
        return (new TableBlock(columns, rows, title), result.Truncated);
    }

    internal static string TypeOf(ResultKind kind) => kind switch
    {
        ResultKind.WholeNumber or ResultKind.Number => "number",
        ResultKind.Boolean => "boolean",
        ResultKind.Date or ResultKind.DateTime => "date",
        _ => "string",
    };

    private static object? Cell(object? cell, ResultKind kind) => cell switch
    {
        null or DBNull => null,
        _ => kind switch
        {
            ResultKind.WholeNumber or ResultKind.Number => ResultCells.Number(cell) ?? (object?)ResultCells.Text(cell),
            ResultKind.Boolean => cell is bool flag ? flag : ResultCells.Text(cell),
            ResultKind.Date => ResultCells.Date(cell) ?? ResultCells.Text(cell),
            ResultKind.DateTime => ResultCells.DateTimeText(cell) ?? ResultCells.Text(cell),
            _ => ResultCells.Text(cell),
        },
    };
}

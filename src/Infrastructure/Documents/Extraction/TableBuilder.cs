using System.Globalization;

namespace Planck.Infrastructure.Documents.Extraction;

/// <summary>
/// Turns a header row and data rows into an <see cref="ExtractedTable"/>: names every column (blank headers become
/// <c>column_N</c>, repeats get a suffix) and gives each column one type, so a column's cells all share it.
/// </summary>
internal static class TableBuilder
{
    public const string NumberType = "number";
    public const string BooleanType = "boolean";
    public const string DateType = "date";
    public const string StringType = "string";

    private static readonly string[] IsoDateFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", "yyyy/MM/dd",
    ];

    /// <summary>Cells that are already typed (string, double, bool, DateTime or null), as a spreadsheet stores them.</summary>
    public static ExtractedTable FromTypedCells(string name, IReadOnlyList<string?> header, List<object?[]> rows)
    {
        var width = Width(header, rows);
        var columns = new TableColumn[width];
        var names = ColumnNames(header, width);
        for (var column = 0; column < width; column++)
        {
            var type = InferTypedColumn(rows, column);
            columns[column] = new TableColumn(names[column], type);
            if (type == StringType)
            {
                foreach (var row in rows)
                {
                    if (column < row.Length && row[column] is { } value and not string)
                    {
                        row[column] = FormatCell(value);
                    }
                }
            }
        }

        return new ExtractedTable(name, columns, Pad(rows, width));
    }

    /// <summary>Cells as text, as a CSV file holds them; a column becomes a number, boolean or date column only when every value parses as one.</summary>
    public static ExtractedTable FromTextCells(string name, IReadOnlyList<string?> header, List<object?[]> rows)
    {
        var width = Width(header, rows);
        var columns = new TableColumn[width];
        var names = ColumnNames(header, width);
        for (var column = 0; column < width; column++)
        {
            var type = InferTextColumn(rows, column);
            columns[column] = new TableColumn(names[column], type);
            foreach (var row in rows)
            {
                if (column < row.Length)
                {
                    row[column] = row[column] is string text && text.Length > 0 ? ParseAs(text, type) : null;
                }
            }
        }

        return new ExtractedTable(name, columns, Pad(rows, width));
    }

    /// <summary>How a cell reads in text: numbers without noise digits, dates in ISO form.</summary>
    public static string FormatCell(object value) => value switch
    {
        string text => text,
        double number => number.ToString("G15", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        DateTime date when date.TimeOfDay == TimeSpan.Zero => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime date => date.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static int Width(IReadOnlyList<string?> header, List<object?[]> rows)
    {
        var width = header.Count;
        foreach (var row in rows)
        {
            width = Math.Max(width, row.Length);
        }

        return width;
    }

    private static string[] ColumnNames(IReadOnlyList<string?> header, int width)
    {
        var names = new string[width];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var column = 0; column < width; column++)
        {
            var given = column < header.Count ? header[column]?.Trim() : null;
            var name = string.IsNullOrEmpty(given) ? string.Create(CultureInfo.InvariantCulture, $"column_{column + 1}") : given;
            var unique = name;
            for (var suffix = 2; !seen.Add(unique); suffix++)
            {
                unique = string.Create(CultureInfo.InvariantCulture, $"{name}_{suffix}");
            }

            names[column] = unique;
        }

        return names;
    }

    private static string InferTypedColumn(List<object?[]> rows, int column)
    {
        string? type = null;
        foreach (var row in rows)
        {
            if (column >= row.Length || row[column] is null)
            {
                continue;
            }

            var cellType = row[column] switch
            {
                double => NumberType,
                bool => BooleanType,
                DateTime => DateType,
                _ => StringType,
            };
            if (type is null)
            {
                type = cellType;
            }
            else if (type != cellType)
            {
                return StringType;
            }
        }

        return type ?? StringType;
    }

    private static string InferTextColumn(List<object?[]> rows, int column)
    {
        bool number = true, boolean = true, date = true, any = false;
        foreach (var row in rows)
        {
            if (column >= row.Length || row[column] is not string { Length: > 0 } text)
            {
                continue;
            }

            any = true;
            number = number && TryParseNumber(text, out _);
            boolean = boolean && TryParseBoolean(text, out _);
            date = date && TryParseDate(text, out _);
            if (!number && !boolean && !date)
            {
                return StringType;
            }
        }

        return !any ? StringType : number ? NumberType : boolean ? BooleanType : date ? DateType : StringType;
    }

    private static object ParseAs(string text, string type) => type switch
    {
        NumberType when TryParseNumber(text, out var number) => number,
        BooleanType when TryParseBoolean(text, out var flag) => flag,
        DateType when TryParseDate(text, out var date) => date,
        _ => text,
    };

    /// <summary>Plain invariant numbers only; a leading zero ("007", a postcode) keeps the value as text.</summary>
    private static bool TryParseNumber(string text, out double number)
    {
        var trimmed = text.AsSpan().Trim();
        var digits = trimmed.TrimStart("+-");
        if (digits.Length > 1 && digits[0] == '0' && digits[1] != '.')
        {
            number = 0;
            return false;
        }

        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);
    }

    private static bool TryParseBoolean(string text, out bool flag) => bool.TryParse(text.AsSpan().Trim(), out flag);

    private static bool TryParseDate(string text, out DateTime date) =>
        DateTime.TryParseExact(text.Trim(), IsoDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out date);

    private static List<IReadOnlyList<object?>> Pad(List<object?[]> rows, int width)
    {
        var padded = new List<IReadOnlyList<object?>>(rows.Count);
        foreach (var row in rows)
        {
            if (row.Length == width)
            {
                padded.Add(row);
                continue;
            }

            var full = new object?[width];
            Array.Copy(row, full, row.Length);
            padded.Add(full);
        }

        return padded;
    }
}

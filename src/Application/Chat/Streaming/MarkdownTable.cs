using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Planck.Application.Chat.Streaming;

/// <summary>
/// GFM pipe tables, limited to rows that start with <c>|</c> (after up to three spaces); the trailing pipe is optional.
/// <c>\|</c> stays a literal pipe inside a cell.
/// </summary>
internal static partial class MarkdownTable
{
    private static readonly SearchValues<char> DelimiterRowCharacters = SearchValues.Create("|:- \t\r");

    public static bool IsRow(ReadOnlySpan<char> line)
    {
        var start = LeadingSpaces(line);
        return start <= 3 && start < line.Length && line[start] == '|';
    }

    public static List<string> SplitRow(ReadOnlySpan<char> line)
    {
        var row = line.Trim();
        if (row.Length > 0 && row[0] == '|')
        {
            row = row[1..];
        }

        var cells = new List<string>();
        var cell = new StringBuilder();
        var endedWithPipe = false;
        for (var i = 0; i < row.Length; i++)
        {
            var c = row[i];
            endedWithPipe = false;
            if (c == '\\' && i + 1 < row.Length && row[i + 1] == '|')
            {
                cell.Append('|');
                i++;
            }
            else if (c == '|')
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
                endedWithPipe = true;
            }
            else
            {
                cell.Append(c);
            }
        }

        if (!endedWithPipe)
        {
            cells.Add(cell.ToString().Trim());
        }

        return cells;
    }

    /// <summary>True while <paramref name="partialLine"/> (no line break yet) could still grow into a delimiter row.</summary>
    public static bool CouldBeDelimiterRow(ReadOnlySpan<char> partialLine) =>
        partialLine.TrimStart(' ').TrimStart('|').IndexOfAnyExcept(DelimiterRowCharacters) < 0;

    public static bool IsDelimiterRow(ReadOnlySpan<char> line, int columnCount)
    {
        if (!IsRow(line))
        {
            return false;
        }

        var cells = SplitRow(line);
        return cells.Count == columnCount && cells.TrueForAll(cell => DelimiterCell().IsMatch(cell));
    }

    public static TableBlock Build(List<string> header, List<List<string>> body)
    {
        var columns = new TableColumn[header.Count];
        var rows = new object?[body.Count][];
        for (var r = 0; r < body.Count; r++)
        {
            rows[r] = new object?[header.Count];
        }

        for (var c = 0; c < header.Count; c++)
        {
            var type = ColumnType(body, c);
            columns[c] = new TableColumn(header[c], type);
            for (var r = 0; r < body.Count; r++)
            {
                rows[r][c] = Value(CellAt(body[r], c), type);
            }
        }

        return new TableBlock(columns, rows, Title: null);
    }

    // Rows shorter than the header are padded with empty cells and longer ones cut, as GFM does.
    private static string CellAt(List<string> row, int column) => column < row.Count ? row[column] : "";

    private static string ColumnType(List<List<string>> body, int column)
    {
        bool number = true, boolean = true, date = true, any = false;
        foreach (var row in body)
        {
            var cell = CellAt(row, column);
            if (cell.Length == 0)
            {
                continue;
            }

            any = true;
            number &= TryNumber(cell, out _);
            boolean &= TryBoolean(cell, out _);
            date &= IsIsoDate(cell);
        }

        return !any ? "string" : number ? "number" : boolean ? "boolean" : date ? "date" : "string";
    }

    private static object? Value(string cell, string type)
    {
        if (cell.Length == 0)
        {
            return null;
        }

        return type switch
        {
            "number" when TryNumber(cell, out var number) => number,
            "boolean" when TryBoolean(cell, out var boolean) => boolean,
            _ => cell,
        };
    }

    /// <summary>
    /// Invariant numbers with an optional sign, optional well-formed thousands separators (<c>1,234.5</c>) and an
    /// optional exponent. A trailing <c>%</c> (or any unit) keeps the column a string so the unit is not lost.
    /// </summary>
    private static bool TryNumber(string cell, out double value)
    {
        value = 0;
        if (!NumberPattern().IsMatch(cell))
        {
            return false;
        }

        return double.TryParse(cell.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryBoolean(string cell, out bool value)
    {
        if (cell.Equals("true", StringComparison.OrdinalIgnoreCase) || cell.Equals("yes", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }

        value = false;
        return cell.Equals("false", StringComparison.OrdinalIgnoreCase) || cell.Equals("no", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Calendar dates in ISO form <c>yyyy-MM-dd</c>; the cell text is already the value.</summary>
    private static bool IsIsoDate(string cell) =>
        DateOnly.TryParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static int LeadingSpaces(ReadOnlySpan<char> line)
    {
        var count = 0;
        while (count < line.Length && line[count] == ' ')
        {
            count++;
        }

        return count;
    }

    [GeneratedRegex(@"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^:?-+:?$", RegexOptions.CultureInvariant)]
    private static partial Regex DelimiterCell();
}

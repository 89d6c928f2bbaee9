using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Planck.Infrastructure.Documents.Extraction;

/// <summary>
/// Every worksheet of an .xlsx as a table. Sheet data and shared strings are read with the SAX reader one row (one
/// string) at a time, so a large sheet never becomes one XML tree in memory.
/// </summary>
internal static class SpreadsheetExtractor
{
    public const string Invalid = "The file is not a valid spreadsheet.";

    /// <summary>Excel's built-in number formats that show a date or time.</summary>
    private static readonly HashSet<uint> BuiltInDateFormats = [14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57];

    public static string TooManyRows(string sheet, int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"The sheet \"{sheet}\" has more than {limit} rows; the limit is {limit}.");

    public static ExtractedDocument Extract(Stream content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        PackageGuard.EnsureWithinLimit(content, limits, Invalid, "spreadsheet");
        var tables = new List<ExtractedTable>();
        try
        {
            using var document = SpreadsheetDocument.Open(content, isEditable: false);
            var workbookPart = document.WorkbookPart ?? throw new DocumentRejectedException(Invalid);
            var workbook = workbookPart.Workbook ?? throw new DocumentRejectedException(Invalid);
            var sharedStrings = ReadSharedStrings(workbookPart.SharedStringTablePart, cancellationToken);
            var dateStyles = DateStyleIndexes(workbookPart.WorkbookStylesPart?.Stylesheet);
            var uses1904 = workbook.WorkbookProperties?.Date1904?.Value ?? false;
            var sheets = workbook.Sheets?.Elements<Sheet>() ?? [];
            foreach (var sheet in sheets)
            {
                var name = sheet.Name?.Value ?? string.Create(CultureInfo.InvariantCulture, $"Sheet{tables.Count + 1}");
                if (sheet.Id?.Value is not { } partId || workbookPart.GetPartById(partId) is not WorksheetPart worksheetPart)
                {
                    continue;
                }

                var reader = new SheetReader(sharedStrings, dateStyles, uses1904);
                var table = reader.Read(worksheetPart, name, limits, cancellationToken);
                if (table is not null)
                {
                    tables.Add(table);
                }
            }
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or DocumentRejectedException or OutOfMemoryException))
        {
            // A damaged package surfaces as package, zip, XML, format or part-lookup errors from the Open XML SDK.
            throw new DocumentRejectedException(Invalid, exception);
        }

        return new ExtractedDocument([], tables, null);
    }

    private static List<string> ReadSharedStrings(SharedStringTablePart? part, CancellationToken cancellationToken)
    {
        var strings = new List<string>();
        if (part is null)
        {
            return strings;
        }

        using var reader = OpenXmlReader.Create(part);
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.IsStartElement && reader.ElementType == typeof(SharedStringItem))
            {
                cancellationToken.ThrowIfCancellationRequested();
                strings.Add(RichText((SharedStringItem)reader.LoadCurrentElement()!));
            }
            else if (!reader.Read())
            {
                break;
            }
        }

        return strings;
    }

    /// <summary>The visible text of a shared or inline string: plain text or rich-text runs, without phonetic guides.</summary>
    private static string RichText(OpenXmlElement item)
    {
        var builder = new StringBuilder();
        foreach (var child in item.ChildElements)
        {
            switch (child)
            {
                case Text text:
                    builder.Append(text.Text);
                    break;
                case Run run when run.Text is not null:
                    builder.Append(run.Text.Text);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Indexes of cell formats whose number format shows a date: a built-in date format or a custom code with day, month or year parts.</summary>
    private static HashSet<uint> DateStyleIndexes(Stylesheet? stylesheet)
    {
        var dates = new HashSet<uint>();
        if (stylesheet?.CellFormats is null)
        {
            return dates;
        }

        var customDateFormats = new HashSet<uint>();
        foreach (var format in stylesheet.NumberingFormats?.Elements<NumberingFormat>() ?? [])
        {
            if (format.NumberFormatId?.Value is { } id && IsDateFormatCode(format.FormatCode?.Value))
            {
                customDateFormats.Add(id);
            }
        }

        uint index = 0;
        foreach (var cellFormat in stylesheet.CellFormats.Elements<CellFormat>())
        {
            var formatId = cellFormat.NumberFormatId?.Value ?? 0;
            if (BuiltInDateFormats.Contains(formatId) || customDateFormats.Contains(formatId))
            {
                dates.Add(index);
            }

            index++;
        }

        return dates;
    }

    /// <summary>Looks for d, m or y outside quoted literals, escapes and [colour]/[locale] sections; "h:mm" alone is a time and counts too.</summary>
    internal static bool IsDateFormatCode(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Equals("General", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var inQuotes = false;
        var inBrackets = false;
        for (var i = 0; i < code.Length; i++)
        {
            var character = code[i];
            if (inQuotes)
            {
                inQuotes = character != '"';
                continue;
            }

            if (inBrackets)
            {
                inBrackets = character != ']';
                continue;
            }

            switch (char.ToLowerInvariant(character))
            {
                case '"':
                    inQuotes = true;
                    break;
                case '[':
                    inBrackets = true;
                    break;
                case '\\' or '_' or '*':
                    i++;
                    break;
                case 'd' or 'm' or 'y' or 'h' or 's':
                    return true;
            }
        }

        return false;
    }

    private sealed class SheetReader(List<string> sharedStrings, HashSet<uint> dateStyles, bool uses1904)
    {
        private readonly List<object?[]> rows = [];
        private IReadOnlyList<string?>? header;

        public ExtractedTable? Read(WorksheetPart part, string name, ExtractionLimits limits, CancellationToken cancellationToken)
        {
            using var reader = OpenXmlReader.Create(part);
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.IsStartElement && reader.ElementType == typeof(Row))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    AddRow((Row)reader.LoadCurrentElement()!, name, limits);
                }
                else if (!reader.Read())
                {
                    break;
                }
            }

            return header is null ? null : TableBuilder.FromTypedCells(name, header, rows);
        }

        private void AddRow(Row row, string sheetName, ExtractionLimits limits)
        {
            var cells = new List<object?>();
            var next = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                var column = ColumnIndex(cell.CellReference?.Value) ?? next;
                if (column > 16_383)
                {
                    throw new DocumentRejectedException(Invalid);
                }

                while (cells.Count <= column)
                {
                    cells.Add(null);
                }

                cells[column] = CellValue(cell);
                next = column + 1;
            }

            var lastValue = cells.FindLastIndex(value => value is not null);
            if (lastValue < 0)
            {
                return;
            }

            var values = cells.GetRange(0, lastValue + 1).ToArray();
            if (header is null)
            {
                header = values.Select(value => value is null ? null : TableBuilder.FormatCell(value)).ToArray();
                return;
            }

            if (rows.Count >= limits.MaxRows)
            {
                throw new DocumentRejectedException(TooManyRows(sheetName, limits.MaxRows));
            }

            rows.Add(values);
        }

        private object? CellValue(Cell cell)
        {
            var type = cell.DataType?.Value;
            if (type == CellValues.InlineString)
            {
                return cell.InlineString is null ? null : NullIfEmpty(RichText(cell.InlineString));
            }

            var raw = cell.CellValue?.Text;
            if (string.IsNullOrEmpty(raw))
            {
                return null;
            }

            if (type == CellValues.SharedString)
            {
                return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < sharedStrings.Count
                    ? NullIfEmpty(sharedStrings[index])
                    : throw new DocumentRejectedException(Invalid);
            }

            if (type == CellValues.Boolean)
            {
                return raw is "1" or "true";
            }

            if (type == CellValues.Date)
            {
                return DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var isoDate) ? isoDate : raw;
            }

            if (type == CellValues.String || type == CellValues.Error)
            {
                return raw;
            }

            if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return raw;
            }

            if (cell.StyleIndex?.Value is { } style && dateStyles.Contains(style) && FromSerialDate(number) is { } date)
            {
                return date;
            }

            return number;
        }

        private DateTime? FromSerialDate(double serial)
        {
            var adjusted = uses1904 ? serial + 1462 : serial;
            return adjusted is >= 0 and < 2_958_466 ? DateTime.FromOADate(adjusted) : null;
        }

        private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

        /// <summary>"C7" → 2; null when the reference is missing or malformed.</summary>
        private static int? ColumnIndex(string? reference)
        {
            if (string.IsNullOrEmpty(reference))
            {
                return null;
            }

            var column = 0;
            var letters = 0;
            foreach (var character in reference)
            {
                if (!char.IsAsciiLetter(character))
                {
                    break;
                }

                column = (column * 26) + (char.ToUpperInvariant(character) - 'A' + 1);
                if (++letters > 3)
                {
                    return null;
                }
            }

            return letters == 0 ? null : column - 1;
        }
    }
}

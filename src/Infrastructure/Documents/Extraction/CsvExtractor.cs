using System.Globalization;
using CsvHelper;

namespace Planck.Infrastructure.Documents.Extraction;

/// <summary>
/// A CSV file as one table named after the file. CsvHelper (34) detects the separator (comma, semicolon, tab)
/// when none is given; malformed quoting is recovered rather than failing the whole file.
/// </summary>
internal static class CsvExtractor
{
    private static readonly CsvReaderOptions Options = new()
    {
        Separator = null,
        HasHeader = false,
        SkipEmptyLines = true,
        MalformedData = CsvMalformedDataHandling.Recover,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
    };

    public static string TooManyRows(int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"The CSV file has more than {limit} rows; the limit is {limit}.");

    public static ExtractedDocument Extract(Stream content, string name, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        using var text = TextBlocks.OpenReader(content);
        string?[]? header = null;
        var rows = new List<object?[]>();
        try
        {
            using var reader = CsvReader.Create(text, Options, leaveOpen: true);
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var record = reader.Current.ToArray();
                if (Array.TrueForAll(record, string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                if (header is null)
                {
                    header = record;
                    continue;
                }

                if (rows.Count >= limits.MaxRows)
                {
                    throw new DocumentRejectedException(TooManyRows(limits.MaxRows));
                }

                rows.Add(Array.ConvertAll(record, cell => (object?)cell.Trim()));
            }
        }
        catch (CsvFormatException exception)
        {
            throw new DocumentRejectedException("The file is not a valid CSV file.", exception);
        }

        return header is null
            ? new ExtractedDocument([], [], null)
            : new ExtractedDocument([], [TableBuilder.FromTextCells(name, header, rows)], null);
    }
}

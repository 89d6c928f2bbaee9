using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Planck.Infrastructure.Documents.Extraction;

namespace Planck.Infrastructure.Documents.Processing;

/// <summary>
/// A table's columns and rows as stored: JSON arrays, dates as ISO-8601 strings. One instance writes many rows
/// through the same buffer, so a 100,000-row sheet does not allocate a serializer per row. Not thread-safe.
/// </summary>
internal sealed class TableJson : IDisposable
{
    // Stored for SQL and the model, never put into HTML, so non-ASCII text stays readable rather than \u-escaped.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _writer;

    public TableJson() => _writer = new Utf8JsonWriter(_buffer, WriterOptions);

    public static string Columns(IReadOnlyList<TableColumn> columns)
    {
        using var json = new TableJson();
        json._writer.WriteStartArray();
        foreach (var column in columns)
        {
            json._writer.WriteStartObject();
            json._writer.WriteString("name", column.Name);
            json._writer.WriteString("type", column.Type);
            json._writer.WriteEndObject();
        }

        json._writer.WriteEndArray();
        return json.Flush();
    }

    public string Row(IReadOnlyList<object?> cells)
    {
        _writer.WriteStartArray();
        foreach (var cell in cells)
        {
            WriteCell(cell);
        }

        _writer.WriteEndArray();
        return Flush();
    }

    private void WriteCell(object? cell)
    {
        switch (cell)
        {
            case null:
                _writer.WriteNullValue();
                break;
            case string text:
                _writer.WriteStringValue(text);
                break;
            case bool flag:
                _writer.WriteBooleanValue(flag);
                break;
            case double number:
                WriteNumber(number);
                break;
            case float number:
                WriteNumber(number);
                break;
            case decimal number:
                _writer.WriteNumberValue(number);
                break;
            case int number:
                _writer.WriteNumberValue(number);
                break;
            case long number:
                _writer.WriteNumberValue(number);
                break;
            case DateTime date:
                _writer.WriteStringValue(IsoDate(date));
                break;
            case DateTimeOffset date:
                _writer.WriteStringValue(date.ToString("O", CultureInfo.InvariantCulture));
                break;
            case DateOnly date:
                _writer.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            default:
                _writer.WriteStringValue(Convert.ToString(cell, CultureInfo.InvariantCulture));
                break;
        }
    }

    // JSON has no NaN or infinity; an empty cell is the honest stand-in.
    private void WriteNumber(double number)
    {
        if (double.IsFinite(number))
        {
            _writer.WriteNumberValue(number);
        }
        else
        {
            _writer.WriteNullValue();
        }
    }

    /// <summary>A date alone when there is no time of day (the usual spreadsheet date), otherwise date and time.</summary>
    private static string IsoDate(DateTime date) =>
        date.TimeOfDay == TimeSpan.Zero
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : date.ToString(date.Kind == DateTimeKind.Utc ? "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ" : "yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    public void Dispose() => _writer.Dispose();

    private string Flush()
    {
        _writer.Flush();
        var text = Encoding.UTF8.GetString(_buffer.WrittenSpan);
        _buffer.Clear();
        _writer.Reset(_buffer);
        return text;
    }
}

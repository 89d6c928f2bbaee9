using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Planck.Application.Chat.Streaming;

/// <summary>
/// The wire form of content blocks, written by hand so that what is stored, what a non-streamed answer returns and
/// what <c>content_block_start</c> carries are the same bytes, in a fixed field order.
/// </summary>
public static class ContentBlockJson
{
    /// <summary>
    /// Answers are JSON inside JSON or an event stream, never HTML, so only JSON's own escaping is needed: quotes,
    /// accents and symbols stay as they are.
    /// </summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = Encoder };

    /// <summary>Writes <c>"type"</c> and the block's own fields into an object the caller has opened.</summary>
    public static void WriteFields(Utf8JsonWriter writer, ContentBlock block)
    {
        writer.WriteString("type", block.Type);
        switch (block)
        {
            case TextBlock text:
                writer.WriteString("text", text.Text);
                break;
            case CodeBlock code:
                writer.WriteString("language", code.Language);
                writer.WriteString("code", code.Code);
                break;
            case TableBlock table:
                WriteTable(writer, table);
                break;
            case ChartBlock chart:
                writer.WritePropertyName("spec");
                chart.Spec.WriteTo(writer);
                WriteTitle(writer, chart.Title);
                break;
            case MapBlock map:
                writer.WritePropertyName("geojson");
                map.GeoJson.WriteTo(writer);
                WriteTitle(writer, map.Title);
                break;
            case SourcesBlock sources:
                WriteSources(writer, sources);
                break;
            default:
                throw new InvalidOperationException($"No JSON form for {block.GetType().Name}.");
        }
    }

    public static void WriteBlock(Utf8JsonWriter writer, ContentBlock block)
    {
        writer.WriteStartObject();
        WriteFields(writer, block);
        writer.WriteEndObject();
    }

    public static void WriteArray(Utf8JsonWriter writer, IEnumerable<ContentBlock> blocks)
    {
        writer.WriteStartArray();
        foreach (var block in blocks)
        {
            WriteBlock(writer, block);
        }

        writer.WriteEndArray();
    }

    /// <summary>The JSON array of <paramref name="blocks"/>, as a message's stored content.</summary>
    public static string Serialize(IEnumerable<ContentBlock> blocks)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteArray(writer, blocks);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteTable(Utf8JsonWriter writer, TableBlock table)
    {
        writer.WriteStartArray("columns");
        foreach (var column in table.Columns)
        {
            writer.WriteStartObject();
            writer.WriteString("name", column.Name);
            writer.WriteString("type", column.Type);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("rows");
        foreach (var row in table.Rows)
        {
            writer.WriteStartArray();
            foreach (var cell in row)
            {
                WriteCell(writer, cell);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        WriteTitle(writer, table.Title);
        if (table.Truncated)
        {
            writer.WriteBoolean("truncated", true);
        }
    }

    private static void WriteTitle(Utf8JsonWriter writer, string? title)
    {
        if (title is not null)
        {
            writer.WriteString("title", title);
        }
    }

    private static void WriteCell(Utf8JsonWriter writer, object? cell)
    {
        switch (cell)
        {
            case null:
                writer.WriteNullValue();
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            default:
                writer.WriteStringValue(Convert.ToString(cell, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void WriteSources(Utf8JsonWriter writer, SourcesBlock block)
    {
        writer.WriteStartArray("sources");
        foreach (var source in block.Sources)
        {
            writer.WriteStartObject();
            switch (source)
            {
                case SourceReference document:
                    writer.WriteString("document_id", document.DocumentId);
                    writer.WriteString("name", document.Name);
                    writer.WriteString("snippet", document.Snippet);
                    if (document.Page is { } page)
                    {
                        writer.WriteNumber("page", page);
                    }

                    break;
                case DatabaseSourceReference database:
                    writer.WriteString("database_id", database.DatabaseId);
                    writer.WriteString("name", database.Name);
                    writer.WriteStartArray("tables");
                    foreach (var table in database.Tables)
                    {
                        writer.WriteStringValue(table);
                    }

                    writer.WriteEndArray();
                    break;
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}

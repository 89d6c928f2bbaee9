using System.Buffers;
using System.Text;
using System.Text.Json;
using Planck.Application.Chat.Answering;

namespace Planck.Application.Chat.Streaming;

/// <summary>
/// An answer event's SSE name and JSON data, the one form both the live stream and a resumed one send (the data is
/// stored as written, so a replayed event is byte for byte the event the client missed).
/// </summary>
public static class AnswerEventJson
{
    /// <summary>An event stream is never HTML, so text need not be escaped beyond JSON's rules; answers stay readable and small.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = ContentBlockJson.Encoder };

    public static string Name(AnswerEvent answerEvent) => answerEvent switch
    {
        AnswerStarted => "message_start",
        AnswerBlockEvent { Event: BlockStarted } => "content_block_start",
        AnswerBlockEvent { Event: BlockDelta } => "content_block_delta",
        AnswerBlockEvent { Event: BlockStopped } => "content_block_stop",
        AnswerStopped => "message_stop",
        AnswerFailed => "error",
        _ => throw new InvalidOperationException($"No SSE form for {answerEvent.GetType().Name}."),
    };

    /// <summary>The event's data object.</summary>
    public static void WriteData(Utf8JsonWriter json, AnswerEvent answerEvent)
    {
        json.WriteStartObject();
        switch (answerEvent)
        {
            case AnswerStarted started:
                json.WriteString("id", started.MessageId);
                json.WriteString("role", "assistant");
                break;
            case AnswerBlockEvent { Event: BlockStarted blockStarted }:
                json.WriteNumber("index", blockStarted.Index);
                ContentBlockJson.WriteFields(json, blockStarted.Block);
                break;
            case AnswerBlockEvent { Event: BlockDelta delta }:
                json.WriteNumber("index", delta.Index);
                json.WriteStartObject("delta");
                json.WriteString("type", "text_delta");
                json.WriteString("text", delta.Text);
                json.WriteEndObject();
                break;
            case AnswerBlockEvent { Event: BlockStopped stopped }:
                json.WriteNumber("index", stopped.Index);
                break;
            case AnswerStopped messageStopped:
                json.WriteString("id", messageStopped.MessageId);
                json.WriteNumber("credits_consumed", messageStopped.CreditsConsumed);
                break;
            case AnswerFailed failed:
                json.WriteString("detail", failed.Detail);
                break;
            default:
                throw new InvalidOperationException($"No SSE form for {answerEvent.GetType().Name}.");
        }

        json.WriteEndObject();
    }

    public static string Data(AnswerEvent answerEvent)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteData(json, answerEvent);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

namespace Planck.Application.Chat.Streaming;

/// <summary>What the splitter emits, mirroring the SSE <c>content_block_*</c> events.</summary>
public abstract record BlockEvent(int Index);

/// <summary>
/// <c>content_block_start</c>. Text and code blocks start empty (code carries its language); a table, chart or map arrives whole.
/// </summary>
public sealed record BlockStarted(int Index, ContentBlock Block) : BlockEvent(Index)
{
    public string Type => Block.Type;
}

/// <summary><c>content_block_delta</c>: more text for the open text or code block. Never empty.</summary>
public sealed record BlockDelta(int Index, string Text) : BlockEvent(Index);

/// <summary><c>content_block_stop</c>.</summary>
public sealed record BlockStopped(int Index) : BlockEvent(Index);

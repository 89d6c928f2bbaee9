using System.Buffers;
using System.Text;

namespace Planck.Application.Chat.Streaming;

/// <summary>
/// Turns a model's Markdown, arriving as arbitrary deltas, into text, code and table blocks as it arrives.
/// </summary>
/// <remarks>
/// <para>Latency: text is passed on as soon as its line can no longer open a fence or be a table row. Only the current
/// partial line is held back, and only while it could still be one (up to three spaces, then <c>```</c>/<c>~~~</c>
/// or <c>|</c>). Lines starting with <c>|</c> are held whole; inside code, only a line that could still be the
/// closing fence is held.</para>
/// <para>Text blocks: whitespace is passed on only once visible text follows it, so a text block never starts with
/// blank lines and never ends with whitespace, and whitespace-only text between blocks (such as the blank line
/// around a fence) is dropped. Everything else is kept verbatim, line endings included.</para>
/// <para>Code blocks: the code is the lines between the fences, without the line break before the closing fence.
/// An unclosed fence is closed by <see cref="Complete"/>. A fence closes on the same character repeated at least as
/// many times, followed only by whitespace; a backtick fence's info string may not contain a backtick.</para>
/// <para>Tables: a <c>|</c> header row, a delimiter row with as many cells, then <c>|</c> body rows; emitted whole when
/// a line that is not a row arrives, or at <see cref="Complete"/>. A <c>|</c> line not followed by a delimiter row
/// is text.</para>
/// Not thread-safe: one splitter per answer.
/// </remarks>
public sealed class MarkdownBlockSplitter
{
    private enum Mode
    {
        Text,
        Code,
        TableHeader,
        Table,
    }

    private enum Prospect
    {
        Hold,
        Stream,
        LeaveMode,
    }

    private static readonly IReadOnlyList<BlockEvent> NoEvents = [];
    private static readonly SearchValues<char> Whitespace = SearchValues.Create(" \t\r\n");

    // The held part of the current line; line breaks are never in it.
    private readonly StringBuilder line = new();
    private readonly StringBuilder delta = new();
    private readonly StringBuilder heldWhitespace = new();
    private List<BlockEvent>? events;

    private Mode mode = Mode.Text;
    private bool streamingLine;
    private int nextIndex;
    private ContentBlock? openBlock;
    private bool completed;

    private char fenceCharacter;
    private int fenceLength;
    private string? codeLineBreak;
    private bool codeCarriageReturnHeld;

    private string? headerLine;
    private List<string>? headerCells;
    private List<List<string>>? tableRows;

    /// <summary>Splits a whole answer at once; the same blocks the streamed events assemble to.</summary>
    public static IReadOnlyList<ContentBlock> Split(string markdown)
    {
        var splitter = new MarkdownBlockSplitter();
        return BlockAssembler.Assemble([.. splitter.Push(markdown), .. splitter.Complete()]);
    }

    public IReadOnlyList<BlockEvent> Push(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ObjectDisposedException.ThrowIf(completed, this);
        Consume(text.AsSpan());
        return TakeEvents();
    }

    /// <summary>Ends the answer: releases what was held and stops the open block.</summary>
    public IReadOnlyList<BlockEvent> Complete()
    {
        ObjectDisposedException.ThrowIf(completed, this);
        completed = true;
        if (streamingLine)
        {
            // A carriage return at the very end of code is a line ending, like the one before a closing fence.
            codeCarriageReturnHeld = false;
            streamingLine = false;
        }
        else if (line.Length > 0)
        {
            EndHeldLine(atEnd: true);
        }

        switch (mode)
        {
            case Mode.TableHeader:
                FlushHeaderAsText();
                break;
            case Mode.Table:
                FinishTable();
                break;
            default:
                break;
        }

        CloseOpenBlock();
        return TakeEvents();
    }

    private void Consume(ReadOnlySpan<char> input)
    {
        while (!input.IsEmpty)
        {
            if (streamingLine)
            {
                var newline = input.IndexOf('\n');
                StreamRun(newline < 0 ? input : input[..newline]);
                if (newline < 0)
                {
                    return;
                }

                EndStreamedLine();
                input = input[(newline + 1)..];
                continue;
            }

            var c = input[0];
            input = input[1..];
            if (c == '\n')
            {
                EndHeldLine(atEnd: false);
                continue;
            }

            line.Append(c);
            ReconsiderHeldLine();
        }
    }

    private void ReconsiderHeldLine()
    {
        while (true)
        {
            var prospect = mode switch
            {
                Mode.Text => TextProspect(),
                Mode.Code => CodeProspect(),
                _ => TableProspect(),
            };

            switch (prospect)
            {
                case Prospect.Hold:
                    return;
                case Prospect.Stream:
                    streamingLine = true;
                    var held = line.ToString();
                    line.Clear();
                    StreamRun(held);
                    return;
                default:
                    LeaveTableMode();
                    continue;
            }
        }
    }

    private Prospect TextProspect()
    {
        var spaces = LeadingSpaces();
        if (spaces == line.Length && spaces <= 3)
        {
            return Prospect.Hold;
        }

        if (spaces > 3)
        {
            return Prospect.Stream;
        }

        var first = line[spaces];
        if (first == '|')
        {
            return Prospect.Hold;
        }

        if (first is not ('`' or '~'))
        {
            return Prospect.Stream;
        }

        var run = RunLength(spaces, first);
        if (spaces + run == line.Length)
        {
            return Prospect.Hold;
        }

        return run >= 3 && (first == '~' || !InfoContainsBacktick(spaces + run)) ? Prospect.Hold : Prospect.Stream;
    }

    private Prospect CodeProspect()
    {
        var spaces = LeadingSpaces();
        if (spaces == line.Length && spaces <= 3)
        {
            return Prospect.Hold;
        }

        if (spaces > 3 || line[spaces] != fenceCharacter)
        {
            return Prospect.Stream;
        }

        var run = RunLength(spaces, fenceCharacter);
        if (spaces + run == line.Length)
        {
            return Prospect.Hold;
        }

        if (run < fenceLength)
        {
            return Prospect.Stream;
        }

        for (var i = spaces + run; i < line.Length; i++)
        {
            if (line[i] is not (' ' or '\t' or '\r'))
            {
                return Prospect.Stream;
            }
        }

        return Prospect.Hold;
    }

    private Prospect TableProspect()
    {
        var spaces = LeadingSpaces();
        if (spaces == line.Length && spaces <= 3)
        {
            return Prospect.Hold;
        }

        if (spaces > 3 || line[spaces] != '|')
        {
            return Prospect.LeaveMode;
        }

        if (mode == Mode.TableHeader && !MarkdownTable.CouldBeDelimiterRow(line.ToString()))
        {
            return Prospect.LeaveMode;
        }

        return Prospect.Hold;
    }

    private void LeaveTableMode()
    {
        if (mode == Mode.Table)
        {
            FinishTable();
        }
        else
        {
            FlushHeaderAsText();
        }
    }

    private void StreamRun(ReadOnlySpan<char> run)
    {
        if (mode == Mode.Text)
        {
            EmitText(run);
            return;
        }

        if (run.IsEmpty)
        {
            return;
        }

        FlushCodeLineBreak();
        if (codeCarriageReturnHeld)
        {
            AppendDelta("\r");
            codeCarriageReturnHeld = false;
        }

        // A carriage return may be the first half of a CRLF line ending, which is not code.
        if (run[^1] == '\r')
        {
            run = run[..^1];
            codeCarriageReturnHeld = true;
        }

        AppendDelta(run);
    }

    private void EndStreamedLine()
    {
        streamingLine = false;
        if (mode == Mode.Text)
        {
            EmitText("\n");
            return;
        }

        FlushCodeLineBreak();
        codeLineBreak = codeCarriageReturnHeld ? "\r\n" : "\n";
        codeCarriageReturnHeld = false;
    }

    private void EndHeldLine(bool atEnd)
    {
        var whole = line.ToString();
        line.Clear();
        var content = whole.EndsWith('\r') ? whole[..^1] : whole;
        var lineBreak = whole[content.Length..] + (atEnd ? "" : "\n");

        while (true)
        {
            switch (mode)
            {
                case Mode.Text:
                    if (TryReadFenceOpener(content, out var character, out var length, out var language))
                    {
                        CloseOpenBlock();
                        StartBlock(new CodeBlock(language, ""));
                        mode = Mode.Code;
                        fenceCharacter = character;
                        fenceLength = length;
                        codeLineBreak = null;
                        codeCarriageReturnHeld = false;
                    }
                    else if (MarkdownTable.IsRow(content))
                    {
                        mode = Mode.TableHeader;
                        headerLine = whole + (atEnd ? "" : "\n");
                        headerCells = MarkdownTable.SplitRow(content);
                    }
                    else
                    {
                        EmitText(whole);
                        EmitText(atEnd ? "" : "\n");
                    }

                    return;

                case Mode.Code:
                    if (IsClosingFence(content))
                    {
                        codeLineBreak = null;
                        CloseOpenBlock();
                        mode = Mode.Text;
                    }
                    else
                    {
                        FlushCodeLineBreak();
                        AppendDelta(content);
                        codeLineBreak = lineBreak;
                    }

                    return;

                case Mode.TableHeader:
                    if (MarkdownTable.IsDelimiterRow(content, headerCells!.Count))
                    {
                        mode = Mode.Table;
                        tableRows = [];
                        return;
                    }

                    FlushHeaderAsText();
                    continue;

                default:
                    if (MarkdownTable.IsRow(content))
                    {
                        tableRows!.Add(MarkdownTable.SplitRow(content));
                        return;
                    }

                    FinishTable();
                    continue;
            }
        }
    }

    private static bool TryReadFenceOpener(string content, out char character, out int length, out string language)
    {
        character = '\0';
        length = 0;
        language = "";
        var spaces = 0;
        while (spaces < content.Length && content[spaces] == ' ')
        {
            spaces++;
        }

        if (spaces > 3 || spaces == content.Length || content[spaces] is not ('`' or '~'))
        {
            return false;
        }

        character = content[spaces];
        var end = spaces;
        while (end < content.Length && content[end] == character)
        {
            end++;
        }

        length = end - spaces;
        var info = content.AsSpan(end).Trim();
        if (length < 3 || (character == '`' && info.Contains('`')))
        {
            return false;
        }

        var wordEnd = info.IndexOfAny(' ', '\t');
        language = (wordEnd < 0 ? info : info[..wordEnd]).ToString();
        return true;
    }

    private bool IsClosingFence(string content)
    {
        var trimmed = content.AsSpan().TrimEnd(" \t");
        var spaces = trimmed.Length - trimmed.TrimStart(' ').Length;
        return spaces <= 3
            && trimmed.Length - spaces >= fenceLength
            && trimmed[spaces..].IndexOfAnyExcept(fenceCharacter) < 0;
    }

    private void FlushHeaderAsText()
    {
        mode = Mode.Text;
        EmitText(headerLine);
        headerLine = null;
        headerCells = null;
    }

    private void FinishTable()
    {
        mode = Mode.Text;
        CloseOpenBlock();
        StartBlock(MarkdownTable.Build(headerCells!, tableRows!));
        CloseOpenBlock();
        headerLine = null;
        headerCells = null;
        tableRows = null;
    }

    // Whitespace waits for visible text, so blocks neither start with blank lines nor end in whitespace.
    private void EmitText(ReadOnlySpan<char> text)
    {
        var lastVisible = text.LastIndexOfAnyExcept(Whitespace);
        if (lastVisible < 0)
        {
            heldWhitespace.Append(text);
            return;
        }

        if (openBlock is not TextBlock)
        {
            StartBlock(new TextBlock(""));
            var lastLineBreak = heldWhitespace.ToString().LastIndexOf('\n');
            heldWhitespace.Remove(0, lastLineBreak + 1);
        }

        if (heldWhitespace.Length > 0)
        {
            delta.Append(heldWhitespace);
            heldWhitespace.Clear();
        }

        AppendDelta(text[..(lastVisible + 1)]);
        heldWhitespace.Append(text[(lastVisible + 1)..]);
    }

    private void FlushCodeLineBreak()
    {
        if (codeLineBreak is not null)
        {
            AppendDelta(codeLineBreak);
            codeLineBreak = null;
        }
    }

    private void AppendDelta(ReadOnlySpan<char> text) => delta.Append(text);

    private void StartBlock(ContentBlock block)
    {
        openBlock = block;
        Events.Add(new BlockStarted(nextIndex, block));
    }

    private void CloseOpenBlock()
    {
        heldWhitespace.Clear();
        if (openBlock is null)
        {
            return;
        }

        FlushDelta();
        Events.Add(new BlockStopped(nextIndex));
        openBlock = null;
        nextIndex++;
    }

    private void FlushDelta()
    {
        if (delta.Length > 0)
        {
            Events.Add(new BlockDelta(nextIndex, delta.ToString()));
            delta.Clear();
        }
    }

    private List<BlockEvent> Events => events ??= [];

    private IReadOnlyList<BlockEvent> TakeEvents()
    {
        FlushDelta();
        var taken = events;
        events = null;
        return taken ?? NoEvents;
    }

    private int LeadingSpaces()
    {
        var count = 0;
        while (count < line.Length && line[count] == ' ')
        {
            count++;
        }

        return count;
    }

    private int RunLength(int start, char character)
    {
        var end = start;
        while (end < line.Length && line[end] == character)
        {
            end++;
        }

        return end - start;
    }

    private bool InfoContainsBacktick(int from)
    {
        for (var i = from; i < line.Length; i++)
        {
            if (line[i] == '`')
            {
                return true;
            }
        }

        return false;
    }
}

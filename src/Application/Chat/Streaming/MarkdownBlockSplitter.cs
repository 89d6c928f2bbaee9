using System.Buffers;
using System.Text;

namespace Planck.Application.Chat.Streaming;

/// <summary>
/// Turns a model's Markdown, arriving as arbitrary deltas, into text, code, table, chart and map blocks as it arrives.
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
/// <para>Charts and maps: a fence whose language names Vega-Lite or GeoJSON (<see cref="VisualFences.KindOf"/>) is held,
/// not streamed, until it closes; then it is emitted whole as a chart or map block if <see cref="VisualFences.TryBuild"/>
/// accepts it, and otherwise as the code block it would have been. One that outgrows
/// <see cref="VisualFences.MaxSourceChars"/>, or that the answer ends inside, streams on as code.</para>
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
    private readonly StringBuilder _line = new();
    private readonly StringBuilder _delta = new();
    private readonly StringBuilder _heldWhitespace = new();
    private List<BlockEvent>? _events;

    private Mode _mode = Mode.Text;
    private bool _streamingLine;
    private int _nextIndex;
    private ContentBlock? _openBlock;
    private bool _completed;

    private char _fenceCharacter;
    private int _fenceLength;
    private string? _codeLineBreak;
    private bool _codeCarriageReturnHeld;

    // While a chart or map fence is open, its code collects here instead of streaming.
    private readonly StringBuilder _heldFence = new();
    private VisualKind _heldVisual;
    private string _heldLanguage = "";

    private string? _headerLine;
    private List<string>? _headerCells;
    private List<List<string>>? _tableRows;

    /// <summary>Splits a whole answer at once; the same blocks the streamed events assemble to.</summary>
    public static IReadOnlyList<ContentBlock> Split(string markdown)
    {
        var splitter = new MarkdownBlockSplitter();
        return BlockAssembler.Assemble([.. splitter.Push(markdown), .. splitter.Complete()]);
    }

    public IReadOnlyList<BlockEvent> Push(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ObjectDisposedException.ThrowIf(_completed, this);
        Consume(text.AsSpan());
        return TakeEvents();
    }

    /// <summary>Ends the answer: releases what was held and stops the open block.</summary>
    public IReadOnlyList<BlockEvent> Complete()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _completed = true;
        if (_streamingLine)
        {
            // A carriage return at the very end of code is a line ending, like the one before a closing fence.
            _codeCarriageReturnHeld = false;
            _streamingLine = false;
        }
        else if (_line.Length > 0)
        {
            EndHeldLine(atEnd: true);
        }

        switch (_mode)
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

        if (_heldVisual != VisualKind.None)
        {
            ReleaseHeldFenceAsCode();
        }

        CloseOpenBlock();
        return TakeEvents();
    }

    private void Consume(ReadOnlySpan<char> input)
    {
        while (!input.IsEmpty)
        {
            if (_streamingLine)
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

            _line.Append(c);
            ReconsiderHeldLine();
        }
    }

    private void ReconsiderHeldLine()
    {
        while (true)
        {
            var prospect = _mode switch
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
                    _streamingLine = true;
                    var held = _line.ToString();
                    _line.Clear();
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
        if (spaces == _line.Length && spaces <= 3)
        {
            return Prospect.Hold;
        }

        if (spaces > 3)
        {
            return Prospect.Stream;
        }

        var first = _line[spaces];
        if (first == '|')
        {
            return Prospect.Hold;
        }

        if (first is not ('`' or '~'))
        {
            return Prospect.Stream;
        }

        var run = RunLength(spaces, first);
        if (spaces + run == _line.Length)
        {
            return Prospect.Hold;
        }

        return run >= 3 && (first == '~' || !InfoContainsBacktick(spaces + run)) ? Prospect.Hold : Prospect.Stream;
    }

    private Prospect CodeProspect()
    {
        var spaces = LeadingSpaces();
        if (spaces == _line.Length && spaces <= 3)
        {
            return Prospect.Hold;
        }

        if (spaces > 3 || _line[spaces] != _fenceCharacter)
        {
            return Prospect.Stream;
        }

        var run = RunLength(spaces, _fenceCharacter);
        if (spaces + run == _line.Length)
        {
            return Prospect.Hold;
        }

        if (run < _fenceLength)
        {
            return Prospect.Stream;
        }

        for (var i = spaces + run; i < _line.Length; i++)
        {
            if (_line[i] is not (' ' or '\t' or '\r'))
            {
                return Prospect.Stream;
            }
        }

        return Prospect.Hold;
    }

    private Prospect TableProspect()
    {
        var spaces = LeadingSpaces();
        if (spaces == _line.Length && spaces <= 3)
        {
            return Prospect.Hold;
        }

        if (spaces > 3 || _line[spaces] != '|')
        {
            return Prospect.LeaveMode;
        }

        if (_mode == Mode.TableHeader && !MarkdownTable.CouldBeDelimiterRow(_line.ToString()))
        {
            return Prospect.LeaveMode;
        }

        return Prospect.Hold;
    }

    private void LeaveTableMode()
    {
        if (_mode == Mode.Table)
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
        if (_mode == Mode.Text)
        {
            EmitText(run);
            return;
        }

        if (run.IsEmpty)
        {
            return;
        }

        FlushCodeLineBreak();
        if (_codeCarriageReturnHeld)
        {
            AppendDelta("\r");
            _codeCarriageReturnHeld = false;
        }

        // A carriage return may be the first half of a CRLF line ending, which is not code.
        if (run[^1] == '\r')
        {
            run = run[..^1];
            _codeCarriageReturnHeld = true;
        }

        AppendDelta(run);
    }

    private void EndStreamedLine()
    {
        _streamingLine = false;
        if (_mode == Mode.Text)
        {
            EmitText("\n");
            return;
        }

        FlushCodeLineBreak();
        _codeLineBreak = _codeCarriageReturnHeld ? "\r\n" : "\n";
        _codeCarriageReturnHeld = false;
    }

    private void EndHeldLine(bool atEnd)
    {
        var whole = _line.ToString();
        _line.Clear();
        var content = whole.EndsWith('\r') ? whole[..^1] : whole;
        var lineBreak = whole[content.Length..] + (atEnd ? "" : "\n");

        while (true)
        {
            switch (_mode)
            {
                case Mode.Text:
                    if (TryReadFenceOpener(content, out var character, out var length, out var language))
                    {
                        CloseOpenBlock();
                        _heldVisual = VisualFences.KindOf(language);
                        if (_heldVisual == VisualKind.None)
                        {
                            StartBlock(new CodeBlock(language, ""));
                        }
                        else
                        {
                            _heldLanguage = language;
                        }

                        _mode = Mode.Code;
                        _fenceCharacter = character;
                        _fenceLength = length;
                        _codeLineBreak = null;
                        _codeCarriageReturnHeld = false;
                    }
                    else if (MarkdownTable.IsRow(content))
                    {
                        _mode = Mode.TableHeader;
                        _headerLine = whole + (atEnd ? "" : "\n");
                        _headerCells = MarkdownTable.SplitRow(content);
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
                        _codeLineBreak = null;
                        if (_heldVisual != VisualKind.None)
                        {
                            FinishHeldFence();
                        }

                        CloseOpenBlock();
                        _mode = Mode.Text;
                    }
                    else
                    {
                        FlushCodeLineBreak();
                        AppendDelta(content);
                        _codeLineBreak = lineBreak;
                    }

                    return;

                case Mode.TableHeader:
                    if (MarkdownTable.IsDelimiterRow(content, _headerCells!.Count))
                    {
                        _mode = Mode.Table;
                        _tableRows = [];
                        return;
                    }

                    FlushHeaderAsText();
                    continue;

                default:
                    if (MarkdownTable.IsRow(content))
                    {
                        _tableRows!.Add(MarkdownTable.SplitRow(content));
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
            && trimmed.Length - spaces >= _fenceLength
            && trimmed[spaces..].IndexOfAnyExcept(_fenceCharacter) < 0;
    }

    private void FlushHeaderAsText()
    {
        _mode = Mode.Text;
        EmitText(_headerLine);
        _headerLine = null;
        _headerCells = null;
    }

    private void FinishTable()
    {
        _mode = Mode.Text;
        CloseOpenBlock();
        StartBlock(MarkdownTable.Build(_headerCells!, _tableRows!));
        CloseOpenBlock();
        _headerLine = null;
        _headerCells = null;
        _tableRows = null;
    }

    // Whitespace waits for visible text, so blocks neither start with blank lines nor end in whitespace.
    private void EmitText(ReadOnlySpan<char> text)
    {
        var lastVisible = text.LastIndexOfAnyExcept(Whitespace);
        if (lastVisible < 0)
        {
            _heldWhitespace.Append(text);
            return;
        }

        if (_openBlock is not TextBlock)
        {
            StartBlock(new TextBlock(""));
            var lastLineBreak = _heldWhitespace.ToString().LastIndexOf('\n');
            _heldWhitespace.Remove(0, lastLineBreak + 1);
        }

        if (_heldWhitespace.Length > 0)
        {
            _delta.Append(_heldWhitespace);
            _heldWhitespace.Clear();
        }

        AppendDelta(text[..(lastVisible + 1)]);
        _heldWhitespace.Append(text[(lastVisible + 1)..]);
    }

    private void FlushCodeLineBreak()
    {
        if (_codeLineBreak is not null)
        {
            AppendDelta(_codeLineBreak);
            _codeLineBreak = null;
        }
    }

    private void AppendDelta(ReadOnlySpan<char> text)
    {
        if (_heldVisual != VisualKind.None)
        {
            if (_heldFence.Length + text.Length <= VisualFences.MaxSourceChars)
            {
                _heldFence.Append(text);
                return;
            }

            // Too big to be a chart or map whatever follows: stop holding it back and stream it as the code it is.
            ReleaseHeldFenceAsCode();
        }

        _delta.Append(text);
    }

    private void FinishHeldFence()
    {
        var source = _heldFence.ToString();
        var kind = _heldVisual;
        _heldVisual = VisualKind.None;
        _heldFence.Clear();
        if (VisualFences.TryBuild(kind, source) is { } visual)
        {
            StartBlock(visual);
        }
        else
        {
            StartBlock(new CodeBlock(_heldLanguage, ""));
            _delta.Append(source);
        }
    }

    private void ReleaseHeldFenceAsCode()
    {
        _heldVisual = VisualKind.None;
        StartBlock(new CodeBlock(_heldLanguage, ""));
        _delta.Append(_heldFence);
        _heldFence.Clear();
    }

    private void StartBlock(ContentBlock block)
    {
        _openBlock = block;
        Events.Add(new BlockStarted(_nextIndex, block));
    }

    private void CloseOpenBlock()
    {
        _heldWhitespace.Clear();
        if (_openBlock is null)
        {
            return;
        }

        FlushDelta();
        Events.Add(new BlockStopped(_nextIndex));
        _openBlock = null;
        _nextIndex++;
    }

    private void FlushDelta()
    {
        if (_delta.Length > 0)
        {
            Events.Add(new BlockDelta(_nextIndex, _delta.ToString()));
            _delta.Clear();
        }
    }

    private List<BlockEvent> Events => _events ??= [];

    private IReadOnlyList<BlockEvent> TakeEvents()
    {
        FlushDelta();
        var taken = _events;
        _events = null;
        return taken ?? NoEvents;
    }

    private int LeadingSpaces()
    {
        var count = 0;
        while (count < _line.Length && _line[count] == ' ')
        {
            count++;
        }

        return count;
    }

    private int RunLength(int start, char character)
    {
        var end = start;
        while (end < _line.Length && _line[end] == character)
        {
            end++;
        }

        return end - start;
    }

    private bool InfoContainsBacktick(int from)
    {
        for (var i = from; i < _line.Length; i++)
        {
            if (_line[i] == '`')
            {
                return true;
            }
        }

        return false;
    }
}

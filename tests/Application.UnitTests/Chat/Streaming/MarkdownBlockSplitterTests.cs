using Planck.Application.Chat.Streaming;

namespace Planck.Application.UnitTests.Chat.Streaming;

public sealed class MarkdownBlockSplitterTests
{
    public static TheoryData<string> Answers => SplitterAnswers.Names;

    [Theory]
    [MemberData(nameof(Answers))]
    public void An_answer_pushed_in_one_piece_becomes_the_expected_blocks(string answer)
    {
        var (markdown, expected) = SplitterAnswers.All[answer];

        var (blocks, _) = Feed([markdown]);

        blocks.ShouldBe(expected);
        MarkdownBlockSplitter.Split(markdown).ShouldBe(expected);
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public void An_answer_split_at_any_character_gives_the_same_blocks_and_well_formed_events(string answer)
    {
        var markdown = SplitterAnswers.All[answer].Markdown;
        var whole = Feed([markdown]).Blocks;

        for (var i = 0; i <= markdown.Length; i++)
        {
            var (blocks, events) = Feed([markdown[..i], markdown[i..]]);
            ShouldBeWellFormed(events);
            blocks.ShouldBe(whole, $"split at {i}");
        }
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public void An_answer_pushed_one_character_at_a_time_gives_the_same_blocks_and_well_formed_events(string answer)
    {
        var markdown = SplitterAnswers.All[answer].Markdown;

        var (blocks, events) = Feed(markdown.Select(c => c.ToString()));

        ShouldBeWellFormed(events);
        blocks.ShouldBe(Feed([markdown]).Blocks);
    }

    [Fact]
    public void Plain_text_is_emitted_as_soon_as_it_arrives()
    {
        var splitter = new MarkdownBlockSplitter();

        var events = splitter.Push("Hello wor");

        events.ShouldBe([new BlockStarted(0, new TextBlock("")), new BlockDelta(0, "Hello wor")]);
        splitter.Push("ld, how").ShouldBe([new BlockDelta(0, "ld, how")]);
    }

    [Fact]
    public void Only_a_partial_line_that_could_open_a_fence_is_held_back()
    {
        var splitter = new MarkdownBlockSplitter();

        splitter.Push("Intro\n  ``").ShouldBe([new BlockStarted(0, new TextBlock("")), new BlockDelta(0, "Intro")]);
        splitter.Push("`py").ShouldBeEmpty();
        splitter.Push("thon\nprint(1)").ShouldBe(
        [
            new BlockStopped(0),
            new BlockStarted(1, new CodeBlock("python", "")),
            new BlockDelta(1, "print(1)"),
        ]);
    }

    [Fact]
    public void A_line_that_turns_out_not_to_be_a_fence_is_released_at_the_deciding_character()
    {
        var splitter = new MarkdownBlockSplitter();

        splitter.Push("``").ShouldBeEmpty();
        splitter.Push("x").ShouldBe([new BlockStarted(0, new TextBlock("")), new BlockDelta(0, "``x")]);
    }

    [Fact]
    public void A_line_starting_with_a_pipe_is_held_until_it_ends()
    {
        var splitter = new MarkdownBlockSplitter();

        splitter.Push("| a | b |").ShouldBeEmpty();
        splitter.Push("\n|--").ShouldBeEmpty();
        // Not a delimiter row, so the header is text; the second line is itself a pipe line and waits for its end.
        splitter.Push("-|-x").ShouldBe([new BlockStarted(0, new TextBlock("")), new BlockDelta(0, "| a | b |")]);
        splitter.Push("\n").ShouldBeEmpty();
        splitter.Push("y").ShouldBe([new BlockDelta(0, "\n|---|-x\ny")]);
    }

    [Fact]
    public void A_table_arrives_whole_once_a_line_that_is_not_a_row_begins()
    {
        var splitter = new MarkdownBlockSplitter();

        splitter.Push("| n |\n|---|\n| 1 |\n| 2 |\n").ShouldBeEmpty();
        splitter.Push("Next").ShouldBe(
        [
            new BlockStarted(0, SplitterAnswers.Table([("n", "number")], [1.0], [2.0])),
            new BlockStopped(0),
            new BlockStarted(1, new TextBlock("")),
            new BlockDelta(1, "Next"),
        ]);
    }

    [Fact]
    public void Code_streams_line_by_line_except_a_line_that_could_close_the_fence()
    {
        var splitter = new MarkdownBlockSplitter();
        splitter.Push("```\n");

        splitter.Push("a = 1").ShouldBe([new BlockDelta(0, "a = 1")]);
        splitter.Push("\n``").ShouldBeEmpty();
        splitter.Push("`\n").ShouldBe([new BlockStopped(0)]);
    }

    [Fact]
    public void Whitespace_only_text_between_blocks_is_dropped()
    {
        MarkdownBlockSplitter.Split("```\na\n```\n \n\t\n```\nb\n```\n\n").ShouldBe([new CodeBlock("", "a"), new CodeBlock("", "b")]);
    }

    [Fact]
    public void A_text_block_keeps_the_indentation_of_its_first_line_but_not_the_blank_lines_before_it()
    {
        MarkdownBlockSplitter.Split("```\na\n```\n\n   indented\n").ShouldBe([new CodeBlock("", "a"), new TextBlock("   indented")]);
    }

    [Fact]
    public void An_empty_answer_has_no_blocks()
    {
        MarkdownBlockSplitter.Split("").ShouldBeEmpty();
        MarkdownBlockSplitter.Split("\n\n  ").ShouldBeEmpty();
    }

    [Fact]
    public void A_fence_opener_at_the_very_end_becomes_an_empty_code_block()
    {
        MarkdownBlockSplitter.Split("Look:\n```sql").ShouldBe([new TextBlock("Look:"), new CodeBlock("sql", "")]);
    }

    [Fact]
    public void Pushing_after_completion_is_refused()
    {
        var splitter = new MarkdownBlockSplitter();
        splitter.Complete();

        Should.Throw<ObjectDisposedException>(() => splitter.Push("late"));
    }

    internal static (IReadOnlyList<ContentBlock> Blocks, List<BlockEvent> Events) Feed(IEnumerable<string> pieces)
    {
        var splitter = new MarkdownBlockSplitter();
        var events = new List<BlockEvent>();
        foreach (var piece in pieces)
        {
            events.AddRange(splitter.Push(piece));
        }

        events.AddRange(splitter.Complete());
        return (BlockAssembler.Assemble(events), events);
    }

    private static void ShouldBeWellFormed(List<BlockEvent> events)
    {
        var expectedIndex = 0;
        BlockStarted? open = null;
        foreach (var blockEvent in events)
        {
            switch (blockEvent)
            {
                case BlockStarted started:
                    open.ShouldBeNull($"block {started.Index} started before block {open?.Index} stopped");
                    started.Index.ShouldBe(expectedIndex);
                    open = started;
                    break;
                case BlockDelta delta:
                    open.ShouldNotBeNull("a delta arrived with no open block");
                    delta.Index.ShouldBe(open.Index);
                    (open.Block is TextBlock or CodeBlock).ShouldBeTrue("only text and code take deltas: tables, charts and maps arrive whole");
                    delta.Text.ShouldNotBeEmpty();
                    break;
                case BlockStopped stopped:
                    open.ShouldNotBeNull($"block {stopped.Index} stopped without being open");
                    stopped.Index.ShouldBe(open.Index);
                    open = null;
                    expectedIndex++;
                    break;
            }
        }

        open.ShouldBeNull("the last block was never stopped");
    }
}

using Planck.Application.Chat.Streaming;

namespace Planck.Application.UnitTests.Chat.Streaming;

public sealed class BlockAssemblerTests
{
    [Fact]
    public void Deltas_are_folded_into_their_block()
    {
        BlockAssembler.Assemble(
        [
            new BlockStarted(0, new CodeBlock("sql", "")),
            new BlockDelta(0, "select "),
            new BlockDelta(0, "1"),
            new BlockStopped(0),
        ]).ShouldBe([new CodeBlock("sql", "select 1")]);
    }

    [Fact]
    public void A_block_started_before_the_previous_one_stopped_is_rejected()
    {
        Should.Throw<InvalidOperationException>(() => BlockAssembler.Assemble(
        [
            new BlockStarted(0, new TextBlock("")),
            new BlockStarted(1, new TextBlock("")),
        ]));
    }

    [Fact]
    public void A_delta_for_a_block_that_is_not_open_is_rejected()
    {
        Should.Throw<InvalidOperationException>(() => BlockAssembler.Assemble(
        [
            new BlockStarted(0, new TextBlock("")),
            new BlockStopped(0),
            new BlockDelta(0, "late"),
        ]));
    }

    [Fact]
    public void A_block_left_open_is_rejected()
    {
        Should.Throw<InvalidOperationException>(() => BlockAssembler.Assemble([new BlockStarted(0, new TextBlock(""))]));
    }
}

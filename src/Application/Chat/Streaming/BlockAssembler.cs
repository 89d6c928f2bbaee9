using System.Text;

namespace Planck.Application.Chat.Streaming;

/// <summary>
/// Folds block events into the finished blocks, so a non-streamed answer is exactly what a streamed one adds up to.
/// Rejects events that break the protocol (out-of-order indices, interleaving, deltas to a closed block).
/// </summary>
public sealed class BlockAssembler
{
    private readonly List<ContentBlock> _blocks = [];
    private readonly StringBuilder openContent = new();
    private ContentBlock? _openBlock;

    /// <summary>The blocks stopped so far, in order.</summary>
    public IReadOnlyList<ContentBlock> Blocks => _blocks;

    public bool HasOpenBlock => _openBlock is not null;

    /// <summary>The blocks stopped so far and the open one as far as it has arrived: an answer in progress as it stands.</summary>
    public IReadOnlyList<ContentBlock> BlocksSoFar => _openBlock is null ? _blocks : [.. _blocks, WithOpenContent(_openBlock)];

    public static IReadOnlyList<ContentBlock> Assemble(IEnumerable<BlockEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var assembler = new BlockAssembler();
        foreach (var blockEvent in events)
        {
            assembler.Apply(blockEvent);
        }

        if (assembler.HasOpenBlock)
        {
            throw new InvalidOperationException($"Block {assembler._blocks.Count} was started but never stopped.");
        }

        return assembler.Blocks;
    }

    public void Apply(BlockEvent blockEvent)
    {
        ArgumentNullException.ThrowIfNull(blockEvent);
        switch (blockEvent)
        {
            case BlockStarted started:
                if (_openBlock is not null)
                {
                    throw new InvalidOperationException($"Block {started.Index} started while block {_blocks.Count} is still open.");
                }

                if (started.Index != _blocks.Count)
                {
                    throw new InvalidOperationException($"Block {started.Index} started where block {_blocks.Count} was expected.");
                }

                _openBlock = started.Block;
                openContent.Clear();
                break;

            case BlockDelta delta:
                EnsureOpen(delta.Index);
                if (_openBlock is TableBlock or ChartBlock or MapBlock)
                {
                    throw new InvalidOperationException($"Block {delta.Index} is a {_openBlock.Type}; tables, charts and maps arrive whole.");
                }

                openContent.Append(delta.Text);
                break;

            case BlockStopped stopped:
                EnsureOpen(stopped.Index);
                _blocks.Add(WithOpenContent(_openBlock!));
                _openBlock = null;
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(blockEvent), blockEvent, "Unknown block event.");
        }
    }

    private ContentBlock WithOpenContent(ContentBlock open) => open switch
    {
        TextBlock text => text with { Text = text.Text + openContent },
        CodeBlock code => code with { Code = code.Code + openContent },
        _ => open,
    };

    private void EnsureOpen(int index)
    {
        if (_openBlock is null || index != _blocks.Count)
        {
            throw new InvalidOperationException($"Block {index} is not the open block.");
        }
    }
}

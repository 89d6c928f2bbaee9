using Planck.Application.Chat.Streaming;

namespace Planck.Application.Chat.Answering;

/// <summary>What an answer in progress reports, in order: started, blocks, then stopped or failed.</summary>
public abstract record AnswerEvent
{
    /// <summary>The event's place in its answer's stream, from 1: its SSE <c>id</c>, and what <c>Last-Event-ID</c> resumes after.</summary>
    public int Sequence { get; init; }
}

/// <summary><c>message_start</c>: sent before retrieval begins.</summary>
public sealed record AnswerStarted(Guid MessageId) : AnswerEvent;

/// <summary>A <c>content_block_*</c> event.</summary>
public sealed record AnswerBlockEvent(BlockEvent Event) : AnswerEvent;

/// <summary><c>message_stop</c>.</summary>
public sealed record AnswerStopped(Guid MessageId, int CreditsConsumed) : AnswerEvent;

/// <summary><c>error</c>: the answer could not be finished; what arrived before it is kept, marked incomplete.</summary>
public sealed record AnswerFailed(string Detail, AnswerFailureCause Cause = AnswerFailureCause.Model) : AnswerEvent;

/// <summary>Why an answer failed, for the metrics: the model (unreachable, refused, timed out) or a fault of the server's own.</summary>
public enum AnswerFailureCause
{
    Model,
    Internal,
}

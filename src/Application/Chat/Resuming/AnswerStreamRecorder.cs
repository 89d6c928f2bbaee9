using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Planck.Application.Chat.Answering;
using Planck.Application.Chat.Streaming;
using Planck.Application.Common.Abstractions;
using Planck.Domain.Chat;

namespace Planck.Application.Chat.Resuming;

/// <summary>
/// The producer's side of resumable streams: numbers every event of an answer and appends it to the answer's stored
/// stream, in batches at most <see cref="FlushInterval"/> apart (the first and the last event at once), so a reader
/// on any node sees what the client was sent. Keeping the record must never break the answer: a failed write is
/// logged and recording stops. Each write also reads whether the asker asked to stop (on any node), which cancels
/// <see cref="StopRequested"/>.
/// </summary>
public sealed partial class AnswerStreamRecorder(IApplicationDbContext db, TimeProvider clock, ChatSettings settings, ILogger<AnswerStreamRecorder> logger)
    : IDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);

    private readonly List<AnswerStreamEvent> _pending = [];
    private AnswerStreamLog? _stream;
    private int _sequence;
    private long _lastFlush;
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Cancelled once a stop of this answer has been requested.</summary>
    public CancellationToken StopRequested => _stop.Token;

    /// <summary>Starts the stored stream of an answer, and sweeps streams past their retention.</summary>
    public async Task BeginAsync(Guid messageId, Guid userId, Guid workspaceId, Guid? conversationId)
    {
        var now = clock.GetUtcNow();
        var expired = now.AddHours(-settings.StreamRetentionHours);
        await db.AnswerStreams.Where(s => s.UpdatedAt < expired).ExecuteDeleteAsync(CancellationToken.None);
        _stream = AnswerStreamLog.Start(messageId, userId, workspaceId, conversationId, now);
        db.AnswerStreams.Add(_stream);
    }

    /// <summary>Numbers the event and stores it (now, when it ends the answer or the last write is old enough).</summary>
    public async Task<AnswerEvent> RecordAsync(AnswerEvent answerEvent)
    {
        var numbered = answerEvent with { Sequence = ++_sequence };
        if (_stream is null)
        {
            return numbered;
        }

        var ends = numbered is AnswerStopped or AnswerFailed;
        var entry = AnswerStreamEvent.Of(_stream.Id, numbered.Sequence, AnswerEventJson.Name(numbered), AnswerEventJson.Data(numbered));
        _pending.Add(entry);
        db.AnswerStreamEvents.Add(entry);
        if (ends || numbered is AnswerStarted || clock.GetElapsedTime(_lastFlush) >= FlushInterval)
        {
            await FlushAsync(ends);
        }

        return numbered;
    }

    /// <summary>The answer ended without its last event (the client left): it ends its stored stream with an error.</summary>
    public async Task AbandonAsync(string detail)
    {
        if (_stream is not null && !_stream.Ended)
        {
            await RecordAsync(new AnswerFailed(detail));
        }
    }

    private async Task FlushAsync(bool ends)
    {
        var stream = _stream!;
        stream.Touch(clock.GetUtcNow(), ends);
        try
        {
            // Saving must finish even when the request that asked has been cancelled.
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException)
        {
            LogRecordFailed(logger, exception, stream.Id);
            _stream = null;
            db.AnswerStreams.Entry(stream).State = EntityState.Detached;
        }

        if (!ends && _stream is not null && !_stop.IsCancellationRequested)
        {
            await ReadStopRequestAsync(_stream.Id);
        }

        foreach (var entry in _pending)
        {
            db.AnswerStreamEvents.Entry(entry).State = EntityState.Detached;
        }

        _pending.Clear();
        _lastFlush = clock.GetTimestamp();
    }

    private async Task ReadStopRequestAsync(Guid streamId)
    {
        try
        {
            var stopRequested = await db.AnswerStreams.AsNoTracking()
                .AnyAsync(s => s.Id == streamId && s.StopRequestedAt != null, CancellationToken.None);
            if (stopRequested)
            {
                await _stop.CancelAsync();
            }
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException)
        {
            // A Stop that cannot be read now is read at the next write.
            LogStopReadFailed(logger, exception, streamId);
        }
    }

    public void Dispose() => _stop.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Whether answer {MessageId} was asked to stop could not be read")]
    private static partial void LogStopReadFailed(ILogger logger, Exception exception, Guid messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The stream of answer {MessageId} could not be stored; it cannot be resumed")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, Guid messageId);
}

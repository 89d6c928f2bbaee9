using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Planck.Application.Chat;
using ChatRole = Planck.Application.Chat.ChatRole;
using MeaiChatRole = Microsoft.Extensions.AI.ChatRole;

namespace Planck.Infrastructure.Chat.Models;

/// <summary>
/// <see cref="IChatModel"/> over any Microsoft.Extensions.AI <see cref="IChatClient"/>. The configured timeout is an
/// idle limit, not a total one: a long answer that keeps streaming is healthy, a model silent for that long is not.
/// Failures become <see cref="ChatModelException"/> through <see cref="ChatModelFailures"/>; the caller's own
/// cancellation comes out as <see cref="OperationCanceledException"/> and aborts the HTTP request at once.
/// </summary>
internal sealed class ChatClientModel(IChatClient client, LlmSettings settings) : IChatModel, IDisposable
{
    private readonly IChatClient _client = client;
    private readonly LlmSettings _settings = settings;

    public bool IsConfigured => true;

    public async IAsyncEnumerable<ChatModelUpdate> StreamAsync(ChatModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var messages = request.Messages.Select(m => new ChatMessage(ToRole(m.Role), m.Text)).ToList();
        var options = new ChatOptions
        {
            ModelId = _settings.Model,
            MaxOutputTokens = request.MaxOutputTokens ?? _settings.MaxOutputTokens,
        };

        // Cancelling this aborts the HTTP request; it fires when the caller cancels or the model stays silent too long.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(_settings.IdleTimeout);
        var failures = new ChatModelFailures(_settings, cancellationToken, idle.Token);
        var usage = new UsageTally();

        IAsyncEnumerator<ChatResponseUpdate> updates;
        try
        {
            updates = _client.GetStreamingResponseAsync(messages, options, idle.Token).GetAsyncEnumerator(idle.Token);
        }
        catch (Exception exception) when (failures.Translates(exception))
        {
            throw failures.Translate(exception, answerStarted: false);
        }

        await using (updates)
        {
            var answerStarted = false;
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (Exception exception) when (failures.Translates(exception))
                {
                    throw failures.Translate(exception, answerStarted);
                }

                var update = updates.Current;
                usage.Add(update);
                var text = update.Text;
                if (string.IsNullOrEmpty(text))
                {
                    idle.CancelAfter(_settings.IdleTimeout);
                    continue;
                }

                answerStarted = true;

                // The caller's own pace (writing to a slow client) is not the model's silence: the clock stops meanwhile.
                idle.CancelAfter(Timeout.InfiniteTimeSpan);
                yield return new ChatTextUpdate(text);
                idle.CancelAfter(_settings.IdleTimeout);
            }
        }

        if (usage.Reported)
        {
            yield return new ChatUsageUpdate(usage.Input, usage.Output);
        }
    }

    public void Dispose() => _client.Dispose();

    private static MeaiChatRole ToRole(ChatRole role) => role switch
    {
        ChatRole.System => MeaiChatRole.System,
        ChatRole.User => MeaiChatRole.User,
        ChatRole.Assistant => MeaiChatRole.Assistant,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown prompt role."),
    };

    /// <summary>
    /// Providers report usage once (OpenAI's last chunk) or in parts (Anthropic: input at the start, output at the
    /// end, both running totals), so the largest count of each kind is the call's.
    /// </summary>
    private sealed class UsageTally
    {
        public bool Reported { get; private set; }
        public int Input { get; private set; }
        public int Output { get; private set; }

        public void Add(ChatResponseUpdate update)
        {
            foreach (var usage in update.Contents.OfType<UsageContent>())
            {
                Reported = true;
                Input = Math.Max(Input, ToInt(usage.Details.InputTokenCount));
                Output = Math.Max(Output, ToInt(usage.Details.OutputTokenCount));
            }
        }

        private static int ToInt(long? count) => (int)Math.Clamp(count ?? 0, 0, int.MaxValue);
    }
}

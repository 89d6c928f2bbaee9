using Planck.Application.Chat;

namespace Planck.Infrastructure.IntegrationTests.Chat.Models;

/// <summary>How the provider tests call a model: one question, every update collected, or a call cancelled midway.</summary>
internal static class ChatModelCalls
{
    public static ChatModelRequest Ask(string question) => new([new PromptMessage(ChatRole.User, question)]);

    /// <summary>Streams the whole answer into <paramref name="into"/> (a new list when null), so a test can see what came before a failure.</summary>
    public static async Task<List<ChatModelUpdate>> CollectAsync(IChatModel model, ChatModelRequest request, List<ChatModelUpdate>? into = null)
    {
        var updates = into ?? [];
        await foreach (var update in model.StreamAsync(request, CancellationToken.None))
        {
            updates.Add(update);
        }

        return updates;
    }

    /// <summary>Streams <paramref name="question"/>, cancels as the first update arrives, and returns what the stream threw.</summary>
    public static async Task<Exception?> CancelAtFirstUpdateAsync(IChatModel model, string question)
    {
        using var cancellation = new CancellationTokenSource();
        try
        {
            await foreach (var update in model.StreamAsync(Ask(question), cancellation.Token))
            {
                await cancellation.CancelAsync();
            }
        }
        catch (Exception exception)
        {
            return exception;
        }

        return null;
    }
}

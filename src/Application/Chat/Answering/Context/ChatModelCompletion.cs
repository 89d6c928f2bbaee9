using System.Text;

namespace Planck.Application.Chat.Answering.Context;

/// <summary>A model call whose reply is needed whole (a routing choice, a SQL statement) rather than streamed to the client.</summary>
public static class ChatModelCompletion
{
    /// <summary>The whole reply, and its cost as the provider reported it or, when it did not, as counted.</summary>
    public static async Task<(string Text, TokenUsage Usage)> CompleteAsync(
        this IChatModel model, ChatModelRequest request, ITokenCounter tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tokens);
        var reply = new StringBuilder();
        TokenUsage? reported = null;
        await foreach (var update in model.StreamAsync(request, cancellationToken))
        {
            switch (update)
            {
                case ChatTextUpdate text:
                    reply.Append(text.Text);
                    break;
                case ChatUsageUpdate usage:
                    reported = new TokenUsage(usage.InputTokens, usage.OutputTokens);
                    break;
            }
        }

        var written = reply.ToString();
        return (written, reported ?? new TokenUsage(request.Messages.Sum(m => tokens.Count(m.Text)), tokens.Count(written)));
    }
}

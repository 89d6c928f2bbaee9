using Planck.Application.Chat;

namespace Planck.Infrastructure.Chat.Models;

/// <summary>Provider <c>None</c>: callers check <see cref="IsConfigured"/> and answer without a model.</summary>
internal sealed class UnconfiguredChatModel : IChatModel
{
    public bool IsConfigured => false;

    public IAsyncEnumerable<ChatModelUpdate> StreamAsync(ChatModelRequest request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("No language model is configured (Planck:Llm:Provider is None); check IsConfigured first.");
}

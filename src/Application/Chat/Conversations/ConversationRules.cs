using FluentValidation;
using Planck.Domain.Chat;

namespace Planck.Application.Chat.Conversations;

public static class ConversationRules
{
    public const string NotFound = "Conversation not found.";

    /// <summary>A prompt only names the conversation, but it is what a client would send as its first message.</summary>
    public const int MaxPromptLength = 32_000;

    public static IRuleBuilderOptions<T, string?> ValidConversationName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(name => !string.IsNullOrWhiteSpace(name)).WithMessage("name must not be blank.")
            .MaximumLength(Conversation.MaxNameLength).WithMessage($"name must be at most {Conversation.MaxNameLength} characters.");
}

using FluentValidation;
using Planck.Application.Common.Authorization;
using Planck.Domain.Chat;

namespace Planck.Application.Chat.Conversations;

public static class ConversationRules
{
    public const string NotFound = "Conversation not found.";

    /// <summary>A prompt only names the conversation, but it is what a client would send as its first message.</summary>
    public const int MaxPromptLength = 32_000;

    private const long StoredTicks = TimeSpan.TicksPerMillisecond / 10;

    /// <summary>
    /// Now, to the tenth of a millisecond: the precision both databases keep (SQLite's stored form is the coarser), so
    /// the times a create or rename answers with are the same ones every later read shows.
    /// </summary>
    public static DateTimeOffset Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % StoredTicks));
    }

    /// <summary>
    /// The one conversation a request names, only if it is in the named workspace and the caller's. The authorization
    /// behaviour has checked this already; handlers repeat it so that a request wired wrongly still shows nothing.
    /// </summary>
    public static IQueryable<Conversation> Named(this IQueryable<Conversation> conversations, IConversationScoped request, Guid callerId) =>
        conversations.Where(c => c.Id == request.ConversationId && c.WorkspaceId == request.WorkspaceId && c.OwnerId == callerId);

    public static IRuleBuilderOptions<T, string?> ValidConversationName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(name => !string.IsNullOrWhiteSpace(name)).WithMessage("name must not be blank.")
            .MaximumLength(Conversation.MaxNameLength).WithMessage($"name must be at most {Conversation.MaxNameLength} characters.");
}

using Planck.Domain.Common;

namespace Planck.Domain.Chat;

/// <summary>A thread of questions and answers in one workspace. Private to the member who started it.</summary>
public sealed class Conversation
{
    public const int MaxNameLength = 200;

    private Conversation()
    {
        Name = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid OwnerId { get; private set; }
    public string Name { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The last time a message was added or the conversation renamed.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    public static Conversation Start(Guid workspaceId, Guid ownerId, string name, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            WorkspaceId = workspaceId,
            OwnerId = ownerId,
            Name = CleanName(name),
            CreatedAt = now,
            UpdatedAt = now,
        };

    public bool IsOwnedBy(Guid userId) => OwnerId == userId;

    public void Rename(string name, DateTimeOffset now)
    {
        Name = CleanName(name);
        UpdatedAt = now;
    }

    public void Touch(DateTimeOffset now) => UpdatedAt = now > UpdatedAt ? now : UpdatedAt;

    private static string CleanName(string name)
    {
        var cleaned = string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (cleaned.Length == 0)
        {
            throw new DomainRuleException("A conversation needs a name.");
        }

        return cleaned.Length <= MaxNameLength ? cleaned : cleaned[..MaxNameLength].TrimEnd();
    }
}

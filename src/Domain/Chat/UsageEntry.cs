namespace Planck.Domain.Chat;

/// <summary>
/// One line of the usage ledger: what one answer cost, charged to the user and workspace that asked.
/// It keeps no foreign keys, so the ledger outlives the conversations and workspaces it records.
/// </summary>
public sealed class UsageEntry
{
    private UsageEntry()
    {
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public Guid WorkspaceId { get; private set; }

    /// <summary>The answer this entry paid for; stateless answers are not saved, but their id is still recorded.</summary>
    public Guid MessageId { get; private set; }

    public int Credits { get; private set; }
    public int InputTokens { get; private set; }
    public int OutputTokens { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>The UTC day, stored so that daily totals group on a plain column in every database.</summary>
    public DateOnly Day { get; private set; }

    public static UsageEntry ForAnswer(Guid userId, Guid workspaceId, Guid messageId, int inputTokens, int outputTokens, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            WorkspaceId = workspaceId,
            MessageId = messageId,
            InputTokens = Math.Max(0, inputTokens),
            OutputTokens = Math.Max(0, outputTokens),
            Credits = CreditRules.ForAnswer(inputTokens + outputTokens),
            OccurredAt = now.ToUniversalTime(),
            Day = DateOnly.FromDateTime(now.UtcDateTime),
        };
}

/// <summary>The one place that prices an answer.</summary>
public static class CreditRules
{
    public const int PerAnswer = 1;
    public const int TokensPerCredit = 1000;

    /// <summary>One credit per answer, plus one per whole thousand model tokens (prompt and completion together).</summary>
    public static int ForAnswer(int modelTokens) => PerAnswer + (Math.Max(0, modelTokens) / TokensPerCredit);
}

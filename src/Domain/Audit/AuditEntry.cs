namespace Planck.Domain.Audit;

/// <summary>
/// One line of the append-only audit trail: who did what, from where, to what. An entry is never changed once
/// written; the only way one leaves is retention pruning. It keeps no foreign keys, so the trail outlives the users,
/// workspaces and databases it names. <see cref="Details"/> is a small JSON object and never holds a secret.
/// </summary>
public sealed class AuditEntry
{
    public const int MaxActionLength = 64;
    public const int MaxActorDisplayLength = 320;
    public const int MaxAddressLength = 64;
    public const int MaxTargetTypeLength = 32;
    public const int MaxTargetIdLength = 64;

    private AuditEntry()
    {
    }

    public Guid Id { get; private set; }
    public DateTimeOffset At { get; private set; }

    /// <summary>The acting user; null for the server itself and for a sign-in attempt that matched no user.</summary>
    public Guid? ActorId { get; private set; }

    /// <summary>How the actor was known at the time (their email, or the email a failed sign-in gave).</summary>
    public string? ActorDisplay { get; private set; }

    /// <summary>The client's IP address as the server saw it (after trusted proxies).</summary>
    public string? ActorAddress { get; private set; }

    /// <summary>A stable dotted name, e.g. <c>auth.sign_in.failed</c> or <c>database.query</c>.</summary>
    public string Action { get; private set; } = "";

    public Guid? WorkspaceId { get; private set; }
    public string? TargetType { get; private set; }
    public string? TargetId { get; private set; }

    /// <summary>A small JSON object, or null.</summary>
    public string? Details { get; private set; }

    public static AuditEntry Record(
        DateTimeOffset at, Guid? actorId, string? actorDisplay, string? actorAddress, string action, Guid? workspaceId, string? targetType,
        string? targetId, string? details)
    {
        if (string.IsNullOrWhiteSpace(action) || action.Length > MaxActionLength)
        {
            throw new ArgumentException($"An audit action is a dotted name of at most {MaxActionLength} characters.", nameof(action));
        }

        return new AuditEntry
        {
            Id = Guid.CreateVersion7(at),
            At = at.ToUniversalTime(),
            ActorId = actorId,
            ActorDisplay = Cut(actorDisplay, MaxActorDisplayLength),
            ActorAddress = Cut(actorAddress, MaxAddressLength),
            Action = action,
            WorkspaceId = workspaceId,
            TargetType = Cut(targetType, MaxTargetTypeLength),
            TargetId = Cut(targetId, MaxTargetIdLength),
            Details = details,
        };
    }

    private static string? Cut(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
